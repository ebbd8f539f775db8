package org.virtwho.backend.libvirt;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place where a test that needs a system program or a real peer (libvirtd, virsh, ...) decides what to do
 * when it is missing: on a developer's machine the test is skipped with a message saying how to install it; on CI
 * (environment variable {@code CI=true}) it fails, because CI installs everything it needs and a silently skipped
 * suite would hide a broken set-up.
 */
public final class RequiredPeer {
    /** The {@code scripts/install-packages} role that installs libvirt's library, clients and daemon. */
    static final String LIBVIRT_ROLE = "libvirt";

    private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/usr/bin");

    private RequiredPeer() {
    }

    /** Like {@link #require(boolean, String, String)} for the libvirt role. */
    static void require(boolean available, String what) {
        require(available, what, LIBVIRT_ROLE);
    }

    /**
     * Returns when {@code available}; otherwise aborts the current test (skip) or, when {@code CI=true}, fails it.
     *
     * @param what the missing programs or packages, for the message ("libvirt-daemon and libvirt-clients")
     * @param role the {@code scripts/install-packages} role that installs them
     */
    public static void require(boolean available, String what, String role) {
        if (available) {
            return;
        }
        String message = what + " not available here. CI installs everything it needs: run scripts/install-packages "
                + role + " (it uses sudo when not root)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + ". Failing, not skipping, because CI=true.");
        }
        Assumptions.abort(message + ". Skipping this test.");
    }

    /** Whether {@code program} is an executable file in PATH, /usr/sbin or /usr/bin (or at that path, with a '/'). */
    public static boolean onPath(String program) {
        return which(program).isPresent();
    }

    /** Where {@code program} is: PATH first, then /usr/sbin and /usr/bin (often missing from a user's PATH). */
    static Optional<Path> which(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return isExecutable(path) ? Optional.of(path.toAbsolutePath()) : Optional.empty();
        }
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(EXTRA_DIRECTORIES);
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
