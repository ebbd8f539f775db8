package org.virtwho.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.SystemPaths;

/**
 * {@code /var/lib/virt-who/run_data.json}: when each section last collected a report and last had one accepted,
 * written by the daemon and read by status mode ({@code -s}). The layout is upstream's:
 *
 * <pre>
 * {"sources": {"&lt;section&gt;": {"last_successful_retrieve": "2024-05-01 10:15:30 UTC", "hypervisors": 2, "guests": 7}},
 *  "destinations": {"&lt;section&gt;": {"last_successful_send": "2024-05-01 10:15:31 UTC", "last_job_id": "8a8d...",
 *                                  "last_job_status": "FINISHED"}}}
 * </pre>
 *
 * Destinations are keyed by <em>section name</em>, not by destination: a check-in merges several sections, and
 * each of them gets the same entry. Upstream's map is called "destinations" too, but its destination threads
 * also record under the source key, which is the section name. {@code last_job_status} is this agent's
 * addition; upstream ignores keys it does not know.
 *
 * <p>Every record re-reads the file and merges into what is there, then replaces it atomically (a temporary
 * file in the same directory, flushed to disk, renamed over the old one), so a crash or a concurrent reader
 * never sees half a file. A missing or unreadable file reads as empty. Nothing here throws at the daemon loop:
 * failures are logged.
 */
final class RunStateFile {
    static final String FILE_NAME = "run_data.json";
    private static final Logger LOG = LoggerFactory.getLogger(RunStateFile.class);
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private static final String SOURCES = "sources";
    private static final String DESTINATIONS = "destinations";
    private static final String LAST_RETRIEVE = "last_successful_retrieve";
    private static final String HYPERVISORS = "hypervisors";
    private static final String GUESTS = "guests";
    private static final String LAST_SEND = "last_successful_send";
    private static final String LAST_JOB_ID = "last_job_id";
    private static final String LAST_JOB_STATUS = "last_job_status";

    private final Path file;
    private final Clock clock;
    /** A corrupt file is worth one warning, not one per interval. */
    private boolean warnedCorrupt;
    /** The same for a file that cannot be read or written. */
    private boolean warnedRead;
    private boolean warnedWrite;

    /**
     * What the file says.
     *
     * @param sources      by section name
     * @param destinations by section name (see the class comment)
     */
    record RunState(Map<String, SourceState> sources, Map<String, DestinationState> destinations) {
        static final RunState EMPTY = new RunState(Map.of(), Map.of());

        RunState {
            sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
            destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
        }
    }

    /** The last report collected from a section: when, in {@code YYYY-mm-dd HH:MM:SS UTC}, and its size. */
    record SourceState(String lastSuccessfulRetrieve, int hypervisors, int guests) {
    }

    /**
     * The last report of a section the server accepted.
     *
     * @param lastJobId     the check-in's job; empty for a guest list, which has none
     * @param lastJobStatus the job's state when it was recorded, e.g. {@code FINISHED}
     */
    record DestinationState(String lastSuccessfulSend, Optional<String> lastJobId, Optional<String> lastJobStatus) {
        DestinationState {
            Objects.requireNonNull(lastJobId, "lastJobId");
            Objects.requireNonNull(lastJobStatus, "lastJobStatus");
        }
    }

    RunStateFile(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The daemon's file, {@code run_data.json} in the state directory. */
    static RunStateFile at(SystemPaths paths, Clock clock) {
        return new RunStateFile(paths.stateDirectory().resolve(FILE_NAME), clock);
    }

    Path file() {
        return file;
    }

    /** A report was collected from {@code section} just now. */
    synchronized void recordRetrieve(String section, int hypervisors, int guests) {
        RunState current = readQuietly();
        Map<String, SourceState> sources = new LinkedHashMap<>(current.sources());
        sources.put(section, new SourceState(now(), hypervisors, guests));
        write(new RunState(sources, current.destinations()));
    }

    /**
     * The server accepted {@code section}'s report just now.
     *
     * @param jobId     the check-in's job, empty for a guest list
     * @param jobStatus the job's state, e.g. {@code FINISHED}; {@code null} or blank when not known
     */
    synchronized void recordSend(String section, Optional<String> jobId, String jobStatus) {
        RunState current = readQuietly();
        Map<String, DestinationState> destinations = new LinkedHashMap<>(current.destinations());
        Optional<String> status = Optional.ofNullable(jobStatus).filter(value -> !value.isBlank());
        destinations.put(section, new DestinationState(now(), jobId == null ? Optional.empty() : jobId, status));
        write(new RunState(current.sources(), destinations));
    }

    /** What the file says now: empty when it is missing or unreadable (the latter logged once). */
    synchronized RunState read() {
        return readQuietly();
    }

    private String now() {
        return TIME.format(clock.instant());
    }

    private RunState readQuietly() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return RunState.EMPTY;
        } catch (IOException e) {
            if (!warnedRead) {
                warnedRead = true;
                LOG.error("Unable to read the run data {}: {}", file, e.toString());
            } else {
                LOG.debug("Unable to read the run data {}: {}", file, e.toString());
            }
            return RunState.EMPTY;
        }
        warnedRead = false;
        try {
            RunState state = parse(content);
            warnedCorrupt = false;
            return state;
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
            if (!warnedCorrupt) {
                warnedCorrupt = true;
                LOG.warn("The run data {} is unreadable and is ignored (it is written anew at the next successful "
                        + "report): {}", file, reason);
            } else {
                LOG.debug("The run data {} is still unreadable: {}", file, reason);
            }
            return RunState.EMPTY;
        }
    }

    /** Lenient about what it does not know (keys, entries of the wrong type); strict about the JSON itself. */
    static RunState parse(byte[] content) throws IOException {
        Map<String, SourceState> sources = new LinkedHashMap<>();
        Map<String, DestinationState> destinations = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the run data is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT && field.equals(SOURCES)) {
                    readEntries(parser, (name, entry) -> sources.put(name, new SourceState(
                            string(entry.get(LAST_RETRIEVE)), integer(entry.get(HYPERVISORS)),
                            integer(entry.get(GUESTS)))));
                } else if (value == JsonToken.START_OBJECT && field.equals(DESTINATIONS)) {
                    readEntries(parser, (name, entry) -> destinations.put(name, new DestinationState(
                            string(entry.get(LAST_SEND)), Optional.ofNullable(string(entry.get(LAST_JOB_ID))),
                            Optional.ofNullable(string(entry.get(LAST_JOB_STATUS))))));
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IOException("more text after the run data");
            }
        }
        return new RunState(sources, destinations);
    }

    private interface EntrySink {
        void accept(String name, Map<String, Object> entry);
    }

    /** {@code {"<section>": {flat object of scalars}, ...}}: anything else under a section is skipped. */
    private static void readEntries(JsonParser parser, EntrySink sink) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (token) {
                    case VALUE_STRING -> entry.put(key, parser.getText());
                    case VALUE_NUMBER_INT -> entry.put(key, parser.getLongValue());
                    default -> parser.skipChildren();
                }
            }
            sink.accept(name, entry);
        }
    }

    private static String string(Object value) {
        return value instanceof String text ? text : value instanceof Long number ? number.toString() : null;
    }

    private static int integer(Object value) {
        if (value instanceof Long number) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
        }
        return 0;
    }

    static byte[] render(RunState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.setPrettyPrinter(new PythonCompact());
            json.writeStartObject();
            json.writeObjectFieldStart(SOURCES);
            for (Map.Entry<String, SourceState> entry : state.sources().entrySet()) {
                json.writeObjectFieldStart(entry.getKey());
                writeString(json, LAST_RETRIEVE, entry.getValue().lastSuccessfulRetrieve());
                json.writeNumberField(HYPERVISORS, entry.getValue().hypervisors());
                json.writeNumberField(GUESTS, entry.getValue().guests());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart(DESTINATIONS);
            for (Map.Entry<String, DestinationState> entry : state.destinations().entrySet()) {
                DestinationState destination = entry.getValue();
                json.writeObjectFieldStart(entry.getKey());
                writeString(json, LAST_SEND, destination.lastSuccessfulSend());
                // Written as null rather than left out: upstream's status mode reads this key unconditionally.
                writeString(json, LAST_JOB_ID, destination.lastJobId().orElse(null));
                if (destination.lastJobStatus().isPresent()) {
                    json.writeStringField(LAST_JOB_STATUS, destination.lastJobStatus().get());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    private static void writeString(JsonGenerator json, String field, String value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value);
        }
    }

    private void write(RunState state) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            byte[] content = render(state);
            createDirectory(directory);
            temporary = createTemporary(directory);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Not on any local file system; a plain replace is still better than no record.
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            syncDirectory(directory);
            warnedWrite = false;
        } catch (IOException | RuntimeException e) {
            if (!warnedWrite) {
                warnedWrite = true;
                LOG.error("Unable to record run data in {}: {}", file, e.toString());
            } else {
                LOG.debug("Unable to record run data in {}: {}", file, e.toString());
            }
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.debug("Unable to remove {}: {}", temporary, e.toString());
                }
            }
        }
    }

    private static void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (isPosix(directory.getRoot())) {
            // The umask can only take permissions away from 0700: nobody else gets in.
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static Path createTemporary(Path directory) throws IOException {
        FileAttribute<?>[] mode = isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp", mode);
    }

    /** Makes the rename itself durable; not every file system lets a directory be opened, which is fine. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.trace("Unable to flush directory {}: {}", directory, e.toString());
        }
    }

    private static boolean isPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Python's {@code json.dump} layout: {@code {"a": 1, "b": {"c": null}}}. */
    private static final class PythonCompact implements PrettyPrinter {
        @Override
        public void writeRootValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator gen) throws IOException {
            gen.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator gen, int nrOfEntries) throws IOException {
            gen.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator gen) throws IOException {
            gen.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator gen, int nrOfValues) throws IOException {
            gen.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator gen) {
        }

        @Override
        public void beforeObjectEntries(JsonGenerator gen) {
        }
    }
}
