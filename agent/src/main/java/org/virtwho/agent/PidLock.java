package org.virtwho.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's PID file, {@code /run/virt-who.pid}: it keeps a second virt-who in interval mode from reporting
 * the same hypervisors alongside the first, and it tells systemd ({@code PIDFile=}) and people which process to
 * signal. -p, -o and -s take no lock, as upstream.
 *
 * <p>Like upstream, a file that cannot be written is not fatal (a non-root run against the real /run): the agent
 * runs without the lock after a warning. Only a live process named by the file stops it.
 */
final class PidLock implements AutoCloseable {
    /** Upstream's messages come from its main module; the same logger name keeps them looking the same. */
    private static final Logger LOG = LoggerFactory.getLogger("virtwho.main");

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Rounds of "stale file deleted, but another virt-who got in first"; more would mean something odd. */
    private static final int ATTEMPTS = 3;

    private final Path file;
    private final long pid;
    private boolean held;

    private PidLock(Path file, long pid, boolean held) {
        this.file = file;
        this.pid = pid;
        this.held = held;
    }

    /** Another process holds the file, as far as anyone can tell from its PID. */
    static final class AlreadyRunningException extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyRunningException(Path file) {
            super("virt-who seems to be already running. If not, remove " + file);
        }
    }

    static PidLock acquire(Path file) throws AlreadyRunningException {
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new PidLock(file, pid, claim(file, pid));
        } catch (IOException e) {
            LOG.warn("Unable to create pid file: {}", e.toString());
            return new PidLock(file, pid, false);
        }
    }

    /**
     * The PID goes into a private temporary file that is then hard-linked to the real name: link(2) fails if the
     * name exists, so the claim is exclusive, and whoever reads the file never sees it empty or half written.
     */
    private static boolean claim(Path file, long pid) throws IOException, AlreadyRunningException {
        Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".",
                ".tmp", OWNER_ONLY);
        try {
            Files.writeString(draft, pid + "\n", StandardCharsets.US_ASCII);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    Files.createLink(file, draft);
                    return true;
                } catch (FileAlreadyExistsException e) {
                    clearStale(file, pid);
                }
            }
            throw new IOException(file + " keeps reappearing");
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static void clearStale(Path file, long pid) throws IOException, AlreadyRunningException {
        OptionalLong owner;
        try {
            owner = readPid(file);
        } catch (NoSuchFileException e) {
            return; // gone between link and read: just try again
        }
        if (owner.isPresent() && owner.getAsLong() == pid) {
            // Our own PID: left over from an earlier run in a PID namespace (a container's PID 1). Not a rival.
            Files.deleteIfExists(file);
            return;
        }
        if (owner.isPresent() && ProcessHandle.of(owner.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AlreadyRunningException(file);
        }
        LOG.warn("PID file exists but associated process does not, deleting PID file");
        Files.deleteIfExists(file);
    }

    /** The PID in the file, or empty if the content is not one: garbage is as stale as a dead process. */
    private static OptionalLong readPid(Path file) throws IOException {
        // ASCII decoding never fails, so binary garbage is rejected by the number parser, not by an exception.
        String content = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
        try {
            long pid = Long.parseLong(content);
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the file is ours; false after a warning that it could not be written. */
    boolean held() {
        return held;
    }

    /**
     * Deletes the file if it still names this process. Someone may have removed it by hand, as the message
     * tells them to, and started another virt-who whose file must survive this one's exit.
     */
    @Override
    public void close() {
        if (!held) {
            return;
        }
        held = false;
        try {
            OptionalLong owner = readPid(file);
            if (owner.isPresent() && owner.getAsLong() == pid) {
                Files.delete(file);
            }
        } catch (NoSuchFileException e) {
            // already gone; nothing to release
        } catch (IOException e) {
            LOG.debug("Unable to remove pid file {}: {}", file, e.toString());
        }
    }
}
