package org.virtwho.http;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A command line tool a test needs: when it is missing, the test is skipped on a developer's machine with a
 * message saying how to install it, but fails on CI (environment variable {@code CI=true}), which installs
 * everything it needs, so that a broken set-up cannot hide behind skipped tests.
 */
record RequiredTool(String program, String role) {

    /** The tool's path, or the test is aborted (skipped) or, with {@code CI=true}, failed. */
    Path require() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed here. CI installs everything it needs: run "
                + "scripts/install-packages " + role + " (it uses sudo when not root)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + ". Failing, not skipping, because CI=true.");
        }
        Assumptions.abort(message + ". Skipping this test.");
        throw new AssertionError("unreachable");
    }

    private Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
