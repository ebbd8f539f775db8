package org.virtwho.agent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.virtwho.destination.print.PythonJsonWriter;

/**
 * What status mode ({@code -s}) found, one entry per section in configuration order, and its two renderings: the
 * coloured table and, with {@code -j}, upstream's JSON document. Both are written as upstream's
 * {@code produce_status_output} writes them, trailing newlines included, so that scripts parsing upstream's
 * output keep working.
 */
record StatusReport(List<Section> sections) {
    static final String GREEN = "\033[1;32m";
    static final String RED = "\033[1;31m";
    static final String RESET = "\033[0;0m";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    StatusReport {
        sections = List.copyOf(sections);
    }

    /** One configuration section. */
    record Section(String name, Source source, Destination destination) {
        Section {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        boolean succeeded() {
            return source.succeeded() && destination.succeeded();
        }
    }

    /**
     * @param connection             the section's {@code server}, {@code null} when it has none
     * @param message                why the check failed; empty when it succeeded
     * @param lastSuccessfulRetrieve from the run data, {@code null} when unknown
     * @param hypervisors            from the run data, {@code null} when unknown
     * @param guests                 from the run data, {@code null} when unknown
     */
    record Source(String connection, Optional<String> message, String lastSuccessfulRetrieve, Integer hypervisors,
                  Integer guests) {
        Source {
            message = message.filter(text -> !text.isEmpty());
        }

        boolean succeeded() {
            return message.isEmpty();
        }
    }

    /**
     * @param connection                  the entitlement server's host name; {@code ""} for a section that sends
     *                                    nowhere that was checked (no owner)
     * @param message                     why the check failed; empty when it succeeded
     * @param lastSuccessfulSend          from the run data, {@code null} when unknown
     * @param lastSuccessfulSendJobStatus from the run data, {@code null} when unknown
     */
    record Destination(String connection, Optional<String> message, String lastSuccessfulSend,
                       String lastSuccessfulSendJobStatus) {
        Destination {
            message = message.filter(text -> !text.isEmpty());
        }

        boolean succeeded() {
            return message.isEmpty();
        }
    }

    boolean allSucceeded() {
        return sections.stream().allMatch(Section::succeeded);
    }

    /** The table of {@code -s}; the word is coloured, the rest is not. Ends with a blank line, as upstream's. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append("+-------------------------------------------+\n");
        out.append("           Configuration Status\n");
        out.append("+-------------------------------------------+\n");
        for (Section section : sections) {
            out.append("Configuration Name: ").append(section.name()).append('\n');
            out.append("Source Status: ").append(coloured(section.source().succeeded())).append('\n');
            out.append("Destination Status: ").append(coloured(section.destination().succeeded())).append("\n\n");
        }
        // Upstream print()s the text, which already ends with a blank line, and so adds one more newline.
        out.append('\n');
        return out.toString();
    }

    /** The document of {@code -s -j}: upstream's keys in upstream's order, laid out as {@code json.dumps(indent=4)}. */
    String json() {
        List<Object> configurations = new ArrayList<>();
        for (Section section : sections) {
            Source source = section.source();
            Map<String, Object> sourceJson = new LinkedHashMap<>();
            sourceJson.put("connection", source.connection());
            sourceJson.put("status", status(source.succeeded()));
            source.message().ifPresent(message -> sourceJson.put("message", message));
            sourceJson.put("last_successful_retrieve", source.lastSuccessfulRetrieve());
            sourceJson.put("hypervisors", source.hypervisors());
            sourceJson.put("guests", source.guests());
            Destination destination = section.destination();
            Map<String, Object> destinationJson = new LinkedHashMap<>();
            destinationJson.put("connection", destination.connection());
            destinationJson.put("status", status(destination.succeeded()));
            destination.message().ifPresent(message -> destinationJson.put("message", message));
            destinationJson.put("last_successful_send", destination.lastSuccessfulSend());
            destinationJson.put("last_successful_send_job_status", destination.lastSuccessfulSendJobStatus());
            Map<String, Object> configuration = new LinkedHashMap<>();
            configuration.put("name", section.name());
            configuration.put("source", sourceJson);
            configuration.put("destination", destinationJson);
            configurations.add(configuration);
        }
        StringWriter out = new StringWriter();
        try {
            new PythonJsonWriter(out).write(Map.of("configurations", configurations));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // print() adds the newline.
        return out + "\n";
    }

    private static String status(boolean succeeded) {
        return succeeded ? SUCCESS : FAILURE;
    }

    private static String coloured(boolean succeeded) {
        return (succeeded ? GREEN : RED) + status(succeeded) + RESET;
    }
}
