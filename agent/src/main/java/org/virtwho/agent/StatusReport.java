package org.virtwho.agent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
        PythonJson json = new PythonJson();
        json.startObject();
        json.key("configurations").startArray();
        for (Section section : sections) {
            json.startObject();
            json.key("name").value(section.name());
            Source source = section.source();
            json.key("source").startObject();
            json.key("connection").value(source.connection());
            json.key("status").value(status(source.succeeded()));
            source.message().ifPresent(message -> json.key("message").value(message));
            json.key("last_successful_retrieve").value(source.lastSuccessfulRetrieve());
            json.key("hypervisors").value(source.hypervisors());
            json.key("guests").value(source.guests());
            json.endObject();
            Destination destination = section.destination();
            json.key("destination").startObject();
            json.key("connection").value(destination.connection());
            json.key("status").value(status(destination.succeeded()));
            destination.message().ifPresent(message -> json.key("message").value(message));
            json.key("last_successful_send").value(destination.lastSuccessfulSend());
            json.key("last_successful_send_job_status").value(destination.lastSuccessfulSendJobStatus());
            json.endObject();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        // print() adds the newline.
        return json.toString() + "\n";
    }

    private static String status(boolean succeeded) {
        return succeeded ? SUCCESS : FAILURE;
    }

    private static String coloured(boolean succeeded) {
        return (succeeded ? GREEN : RED) + status(succeeded) + RESET;
    }

    /**
     * Python's {@code json.dumps(..., indent=4)}: one member per line, {@code ", "} never appears, {@code ": "}
     * between key and value, empty containers as {@code []} and {@code {}}, and everything outside printable
     * ASCII escaped ({@code ensure_ascii}).
     */
    static final class PythonJson {
        private final StringBuilder out = new StringBuilder();
        /** Per open container: how many members it has so far. */
        private final java.util.ArrayDeque<int[]> open = new java.util.ArrayDeque<>();
        private boolean afterKey;

        PythonJson startObject() {
            return start('{');
        }

        PythonJson endObject() {
            return end('}');
        }

        PythonJson startArray() {
            return start('[');
        }

        PythonJson endArray() {
            return end(']');
        }

        PythonJson key(String name) {
            beforeMember();
            string(name);
            out.append(": ");
            afterKey = true;
            return this;
        }

        PythonJson value(String text) {
            beforeValue();
            if (text == null) {
                out.append("null");
            } else {
                string(text);
            }
            return this;
        }

        PythonJson value(Integer number) {
            beforeValue();
            out.append(number == null ? "null" : number.toString());
            return this;
        }

        private PythonJson start(char bracket) {
            beforeValue();
            out.append(bracket);
            open.push(new int[1]);
            return this;
        }

        private PythonJson end(char bracket) {
            int members = open.pop()[0];
            if (members > 0) {
                newline();
            }
            out.append(bracket);
            return this;
        }

        /** A value in an array starts a member; a value after a key continues one. */
        private void beforeValue() {
            if (afterKey) {
                afterKey = false;
            } else if (!open.isEmpty()) {
                beforeMember();
            }
        }

        private void beforeMember() {
            int[] members = open.peek();
            if (members[0] > 0) {
                out.append(',');
            }
            members[0]++;
            newline();
        }

        private void newline() {
            out.append('\n');
            out.append(" ".repeat(4 * open.size()));
        }

        private void string(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c >= ' ' && c <= '~') {
                            out.append(c);
                        } else {
                            // UTF-16 units, as Python writes them: a surrogate pair stays two escapes.
                            out.append(String.format("\\u%04x", (int) c));
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
