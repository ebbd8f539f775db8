package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.config.SystemPaths;

class PidLockTest {
    private static final String OURS = ProcessHandle.current().pid() + "\n";

    @TempDir
    Path root;

    private Path pidFile() {
        return new SystemPaths(root).pidFile();
    }

    @Test
    void aFreshLockWritesOurPidOwnerOnlyAndCreatesRun() throws Exception {
        assertThat(root.resolve("run")).doesNotExist();
        try (PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(lock.held()).isTrue();
            assertThat(pidFile()).hasContent(OURS.strip());
            assertThat(Files.readString(pidFile())).isEqualTo(OURS);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile())))
                    .isEqualTo("rw-------");
            // The draft that was linked into place is gone: nothing but the PID file in run/.
            try (var entries = Files.list(root.resolve("run"))) {
                assertThat(entries).containsExactly(pidFile());
            }
        }
        assertThat(pidFile()).doesNotExist();
    }

    @Test
    void aPidOfAProcessThatEndedIsReplaced() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        writePidFile(gone.pid() + "\n");

        try (CapturedLog log = new CapturedLog("virtwho.main"); PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(lock.held()).isTrue();
            assertThat(Files.readString(pidFile())).isEqualTo(OURS);
            assertThat(log.lines())
                    .containsExactly("WARN PID file exists but associated process does not, deleting PID file");
        }
    }

    @Test
    void aLivePidRefusesWithUpstreamsMessageAndLeavesTheFileAlone() throws Exception {
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            writePidFile(running.pid() + "\n");

            assertThatThrownBy(() -> PidLock.acquire(pidFile()))
                    .isInstanceOf(PidLock.AlreadyRunningException.class)
                    .hasMessage("virt-who seems to be already running. If not, remove " + pidFile());
            assertThat(Files.readString(pidFile())).isEqualTo(running.pid() + "\n");
        } finally {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void upstreamsFormWithoutANewlineCountsToo() throws Exception {
        // Upstream writes "%d" with no newline; an upstream virt-who still running must be seen.
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        writePidFile(Long.toString(parent));

        assertThatThrownBy(() -> PidLock.acquire(pidFile()))
                .isInstanceOf(PidLock.AlreadyRunningException.class)
                .hasMessage("virt-who seems to be already running. If not, remove " + pidFile());
    }

    @Test
    void garbageIsReplaced() throws Exception {
        Files.createDirectories(pidFile().getParent());
        Files.write(pidFile(), new byte[] {'p', 'i', 'd', 0, (byte) 0xff, (byte) 0xfe, '\n'});

        try (CapturedLog log = new CapturedLog("virtwho.main"); PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(lock.held()).isTrue();
            assertThat(Files.readString(pidFile())).isEqualTo(OURS);
            assertThat(log.lines())
                    .containsExactly("WARN PID file exists but associated process does not, deleting PID file");
        }
    }

    @Test
    void anEmptyFileOrANonPositivePidIsReplaced() throws Exception {
        for (String content : new String[] {"", "0\n", "-1\n", "  \n"}) {
            writePidFile(content);
            try (PidLock lock = PidLock.acquire(pidFile())) {
                assertThat(Files.readString(pidFile())).as("over %s", content).isEqualTo(OURS);
            }
        }
    }

    @Test
    void ourOwnPidIsNotARival() throws Exception {
        writePidFile(OURS);

        try (CapturedLog log = new CapturedLog("virtwho.main"); PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(lock.held()).isTrue();
            assertThat(Files.readString(pidFile())).isEqualTo(OURS);
            assertThat(log.lines()).isEmpty();
        }
        assertThat(pidFile()).doesNotExist();
    }

    @Test
    void aReplacedFileKeepsOwnerOnlyPermissionsWhateverTheOldOnesWere() throws Exception {
        writePidFile("garbage");
        Files.setPosixFilePermissions(pidFile(), PosixFilePermissions.fromString("rw-rw-rw-"));

        try (PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void closeLeavesAFileSomeoneElseRewrote() throws Exception {
        PidLock lock = PidLock.acquire(pidFile());
        // What a person does on "If not, remove ...", followed by another virt-who starting.
        Files.delete(pidFile());
        Files.writeString(pidFile(), "4242\n");

        lock.close();

        assertThat(Files.readString(pidFile())).isEqualTo("4242\n");
    }

    @Test
    void closeIsQuietWhenTheFileIsAlreadyGoneAndWhenCalledTwice() throws Exception {
        PidLock lock = PidLock.acquire(pidFile());
        Files.delete(pidFile());

        lock.close();
        lock.close();

        assertThat(pidFile()).doesNotExist();
    }

    @Test
    void anUnwritableLocationIsAWarningNotAFailure() throws Exception {
        // run/ is a regular file, so neither the directory nor the PID file can be made (root ignores modes).
        Files.writeString(root.resolve("run"), "not a directory");

        try (CapturedLog log = new CapturedLog("virtwho.main"); PidLock lock = PidLock.acquire(pidFile())) {
            assertThat(lock.held()).isFalse();
            assertThat(log.lines()).singleElement().asString().startsWith("WARN Unable to create pid file: ");
        }
        assertThat(root.resolve("run")).hasContent("not a directory");
    }

    private void writePidFile(String content) throws IOException {
        Files.createDirectories(pidFile().getParent());
        Files.writeString(pidFile(), content, StandardCharsets.US_ASCII);
    }
}
