package org.virtwho.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged agent ({@code agent/target/virt-who}), run as a separate process with its own root
 * ({@code VIRT_WHO_ROOT}) so it never touches the real /etc, /var or /run.
 */
final class Distribution {
    private static final long TIMEOUT_SECONDS = 60;

    final Path home;
    final Path repository;
    final Path root;

    Distribution(Path root) {
        this.home = Path.of(System.getProperty("virtwho.distribution", "../../agent/target/virt-who"))
                .toAbsolutePath().normalize();
        this.repository = Path.of(System.getProperty("virtwho.repository", "../..")).toAbsolutePath().normalize();
        this.root = root;
        assertThat(home.resolve("bin/virt-who"))
                .as("the distribution; build it with ./mvnw package (the end-to-end suite runs in 'verify')")
                .isExecutable();
    }

    /** What a finished process printed and returned. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    Run virtWho(String... args) throws IOException, InterruptedException {
        return run("virt-who", Map.of(), args);
    }

    Run run(String command, Map<String, String> extraEnvironment, String... args)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(home.resolve("bin").resolve(command).toString());
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(repository.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("VIRT_WHO_ROOT", root.toString());
        environment.remove("JOURNAL_STREAM");
        environment.putAll(new HashMap<>(extraEnvironment));
        Path out = Files.createTempFile(root, "stdout", ".txt");
        Path err = Files.createTempFile(root, "stderr", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /** Starts the agent in the background (interval mode); its output goes to files below the root. */
    Process start(Map<String, String> extraEnvironment, String... args) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(home.resolve("bin/virt-who").toString());
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(repository.toFile());
        builder.environment().put("VIRT_WHO_ROOT", root.toString());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().putAll(extraEnvironment);
        builder.redirectOutput(root.resolve("daemon.out").toFile()).redirectError(root.resolve("daemon.err").toFile());
        return builder.start();
    }

    String daemonLog() throws IOException {
        Path err = root.resolve("daemon.err");
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    /** Waits for a daemon started with {@link #start} to make {@code condition} true; fails with its log. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; daemon log:\n"
                        + daemonLog());
            }
            Thread.sleep(100);
        }
    }

    /** Writes a file below the root, creating its directories. */
    Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    Path defaultLogFile() {
        return root.resolve("var/log/rhsm/rhsm.log");
    }

    /**
     * A test that needs a system package skips without it on a developer's machine, but fails under
     * {@code CI=true}: CI installs everything (scripts/install-packages).
     */
    static void require(boolean available, String what) {
        String message = what + " is not installed: run scripts/install-packages libvirt";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(available).as(message + " (CI installs everything it needs)").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, message);
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    static String resource(String name) throws IOException {
        try (var in = Distribution.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
