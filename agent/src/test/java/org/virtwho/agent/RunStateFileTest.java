package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.config.SystemPaths;

/** The daemon's run data: its layout, merging, atomic replacement, and what it does with a bad file. */
class RunStateFileTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:15:30.250Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private Path file;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private AbstractAppender appender;

    @BeforeEach
    void paths() {
        file = new SystemPaths(root).stateDirectory().resolve("run_data.json");
    }

    @BeforeEach
    void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = new AbstractAppender("run-state-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(RunStateFile.class.getName())
                .withLevel(Level.ALL).withAdditivity(false).withConfig(configuration).build();
        logger.addAppender(appender, Level.ALL, null);
        configuration.addLogger(RunStateFile.class.getName(), logger);
        context.updateLoggers();
    }

    @AfterEach
    void releaseLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(RunStateFile.class.getName());
        context.updateLoggers();
        appender.stop();
    }

    private List<String> warnings() {
        return logged.stream().filter(line -> line.startsWith("WARN") || line.startsWith("ERROR")).toList();
    }

    @Test
    void roundTripInUpstreamsLayout() throws IOException {
        RunStateFile state = RunStateFile.at(new SystemPaths(root), CLOCK);
        assertThat(state.file()).isEqualTo(file);
        state.recordRetrieve("vcenter", 2, 7);
        state.recordSend("vcenter", Optional.of("8a8d01f47a0f3e0b017a0f4a5b6c0042"), "FINISHED");
        state.recordRetrieve("local", 0, 3);
        state.recordSend("local", Optional.empty(), null);

        assertThat(Files.readString(file)).isEqualTo("{\"sources\": {"
                + "\"vcenter\": {\"last_successful_retrieve\": \"2024-05-01 10:15:30 UTC\", \"hypervisors\": 2, \"guests\": 7}, "
                + "\"local\": {\"last_successful_retrieve\": \"2024-05-01 10:15:30 UTC\", \"hypervisors\": 0, \"guests\": 3}}, "
                + "\"destinations\": {"
                + "\"vcenter\": {\"last_successful_send\": \"2024-05-01 10:15:30 UTC\", "
                + "\"last_job_id\": \"8a8d01f47a0f3e0b017a0f4a5b6c0042\", \"last_job_status\": \"FINISHED\"}, "
                + "\"local\": {\"last_successful_send\": \"2024-05-01 10:15:30 UTC\", \"last_job_id\": null}}}\n");

        RunStateFile.RunState read = new RunStateFile(file, CLOCK).read();
        assertThat(read.sources()).containsOnlyKeys("vcenter", "local");
        assertThat(read.sources().get("vcenter"))
                .isEqualTo(new RunStateFile.SourceState("2024-05-01 10:15:30 UTC", 2, 7));
        assertThat(read.destinations().get("vcenter")).isEqualTo(new RunStateFile.DestinationState(
                "2024-05-01 10:15:30 UTC", Optional.of("8a8d01f47a0f3e0b017a0f4a5b6c0042"), Optional.of("FINISHED")));
        assertThat(read.destinations().get("local")).isEqualTo(new RunStateFile.DestinationState(
                "2024-05-01 10:15:30 UTC", Optional.empty(), Optional.empty()));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aMissingFileReadsAsEmptyWithoutComplaint() {
        RunStateFile.RunState read = new RunStateFile(file, CLOCK).read();
        assertThat(read.sources()).isEmpty();
        assertThat(read.destinations()).isEmpty();
        assertThat(Files.exists(file.getParent())).isFalse();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void readsWhatUpstreamWrites() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"sources\": {\"esx\": {\"last_successful_retrieve\": \"2023-01-02 03:04:05 UTC\", "
                + "\"hypervisors\": 4, \"guests\": 40}, \"odd\": \"not an object\"}, \"destinations\": {\"esx\": "
                + "{\"last_successful_send\": \"2023-01-02 03:04:06 UTC\", \"last_job_id\": null}, \"libvirt\": "
                + "{\"last_successful_send\": \"2023-01-02 03:04:07 UTC\"}}, \"future\": [1, {\"a\": 2}]}");
        RunStateFile.RunState read = new RunStateFile(file, CLOCK).read();
        assertThat(read.sources()).containsOnlyKeys("esx");
        assertThat(read.sources().get("esx")).isEqualTo(new RunStateFile.SourceState("2023-01-02 03:04:05 UTC", 4, 40));
        assertThat(read.destinations().get("esx").lastJobId()).isEmpty();
        assertThat(read.destinations().get("libvirt").lastSuccessfulSend()).isEqualTo("2023-01-02 03:04:07 UTC");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void recordsMergeWithWhatIsOnDisk() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"sources\": {\"other\": {\"last_successful_retrieve\": \"2023-01-02 03:04:05 UTC\", "
                + "\"hypervisors\": 1, \"guests\": 2}}, \"destinations\": {}}");
        RunStateFile first = new RunStateFile(file, CLOCK);
        RunStateFile second = new RunStateFile(file, CLOCK);
        first.recordRetrieve("a", 1, 1);
        second.recordRetrieve("b", 2, 2);
        first.recordRetrieve("a", 3, 3);
        RunStateFile.RunState read = second.read();
        assertThat(read.sources()).containsOnlyKeys("other", "a", "b");
        assertThat(read.sources().get("a").hypervisors()).isEqualTo(3);
        assertThat(read.sources().get("other").lastSuccessfulRetrieve()).isEqualTo("2023-01-02 03:04:05 UTC");
    }

    @Test
    void concurrentRecordsAreAllKept() throws Exception {
        RunStateFile state = new RunStateFile(file, CLOCK);
        int sections = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < sections; i++) {
                String name = "section-" + i;
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    state.recordRetrieve(name, n, 10 * n);
                    state.recordSend(name, Optional.of("job-" + n), "FINISHED");
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        RunStateFile.RunState read = new RunStateFile(file, CLOCK).read();
        assertThat(read.sources()).hasSize(sections);
        assertThat(read.destinations()).hasSize(sections);
        for (int i = 0; i < sections; i++) {
            assertThat(read.sources().get("section-" + i).guests()).isEqualTo(10 * i);
            assertThat(read.destinations().get("section-" + i).lastJobId()).contains("job-" + i);
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void readersNeverSeeAPartialFile() throws Exception {
        RunStateFile writer = new RunStateFile(file, CLOCK);
        // A large entry makes a torn write likely to show if the file were rewritten in place.
        String big = "x".repeat(200);
        writer.recordRetrieve("seed", 0, 0);
        AtomicBoolean stop = new AtomicBoolean();
        List<String> broken = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    byte[] content = Files.readAllBytes(file);
                    RunStateFile.parse(content);
                } catch (IOException e) {
                    broken.add(e.toString());
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 100; i++) {
                writer.recordRetrieve(big + i, i, i);
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertThat(broken).isEmpty();
        assertThat(writer.read().sources()).hasSize(101);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCorruptFileReadsAsEmptyWarnsOnceAndIsRepairedByTheNextRecord() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"sources\": {\"a\": {\"last_succ");
        RunStateFile state = new RunStateFile(file, CLOCK);
        assertThat(state.read().sources()).isEmpty();
        assertThat(state.read().destinations()).isEmpty();
        assertThat(warnings()).hasSize(1);
        assertThat(warnings().get(0)).startsWith("WARN The run data " + file + " is unreadable");

        state.recordRetrieve("a", 1, 2);
        assertThat(warnings()).hasSize(1);
        assertThat(state.read().sources()).containsOnlyKeys("a");

        Files.writeString(file, "[1, 2]");
        assertThat(state.read().sources()).isEmpty();
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(state.read().sources()).isEmpty();
        // Warned again only because the file was good in between.
        assertThat(warnings()).hasSize(2);
    }

    @Test
    void theDirectoryIsCreatedPrivateAndTheFileIsPrivate() throws IOException {
        assumeThat(root.getFileSystem().supportedFileAttributeViews()).contains("posix");
        RunStateFile state = new RunStateFile(file, CLOCK);
        state.recordRetrieve("a", 1, 2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        state.recordSend("a", Optional.empty(), "FINISHED");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExistingDirectoryKeepsItsMode() throws IOException {
        assumeThat(root.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.createDirectories(file.getParent());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        new RunStateFile(file, CLOCK).recordRetrieve("a", 1, 2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void aFailedWriteIsLoggedNotThrownAndLeavesTheOldFile() throws IOException {
        assumeThat(root.getFileSystem().supportedFileAttributeViews()).contains("posix");
        RunStateFile state = new RunStateFile(file, CLOCK);
        state.recordRetrieve("a", 1, 2);
        String before = Files.readString(file);
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("r-x------"));
        try {
            assumeThat(Files.isWritable(file.getParent())).as("not running as root").isFalse();
            state.recordRetrieve("b", 3, 4);
            state.recordSend("b", Optional.empty(), "FINISHED");
            assertThat(Files.readString(file)).isEqualTo(before);
            assertThat(warnings()).hasSize(1).allMatch(line -> line.startsWith("ERROR Unable to record run data"));
        } finally {
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aPathThatIsNoFileIsEmptyAndLoggedNotThrown() throws IOException {
        // Works as root too: nothing can replace a non-empty directory.
        Files.createDirectories(file.resolve("child"));
        RunStateFile state = new RunStateFile(file, CLOCK);
        assertThat(state.read().sources()).isEmpty();
        state.recordRetrieve("a", 1, 2);
        state.recordSend("a", Optional.empty(), "FINISHED");
        assertThat(Files.isDirectory(file.resolve("child"))).isTrue();
        assertThat(leftovers()).isEmpty();
        assertThat(warnings()).filteredOn(line -> line.startsWith("ERROR Unable to record run data")).hasSize(1);
        assertThat(warnings()).filteredOn(line -> line.startsWith("ERROR Unable to read the run data")).hasSize(1);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(path -> !path.equals(file)).toList();
        }
    }
}
