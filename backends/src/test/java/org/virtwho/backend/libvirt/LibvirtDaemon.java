package org.virtwho.backend.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private libvirtd for tests, started and stopped by the test itself (never through systemd), with its state,
 * sockets and log under one directory and TCP on 127.0.0.1 only, without authentication. It serves libvirt's
 * built-in test driver: {@code test+tcp://127.0.0.1:PORT/default}, or a {@link TestNode} file with {@code
 * test+tcp://127.0.0.1:PORT/ABSOLUTE/PATH/node.xml}; the same through its UNIX socket.
 *
 * <p>How it runs, and why (facts from libvirt 9.0.0 on Debian 12):
 * <ul>
 *   <li>{@code libvirtd --listen} without {@code -d} stays in the foreground and does not fork: the {@link Process}
 *       is the daemon. It is started through {@code setpriv --pdeathsig KILL} when that is available, from one
 *       long-lived launcher thread, so the kernel kills it when the test JVM dies, even by SIGKILL. A shutdown hook
 *       also stops every daemon still running when the JVM exits normally.</li>
 *   <li>The environment is clean: PATH, HOME and XDG_* inside the state directory, and {@code LIBVIRT_DRIVER_DIR}
 *       pointing at an empty directory so that only the built-in drivers (test, remote) load. As root this is
 *       required: with the driver modules loaded, the network/storage/... drivers take pid-file locks in
 *       /run/libvirt/* (clashing with a system libvirtd and with each other) and the QEMU driver fails
 *       ("Failed to parse user 'libvirt-qemu'"), which stops the daemon right after it answered once. As non-root
 *       (session mode, all state under XDG_RUNTIME_DIR and friends) it is not required but makes start-up faster.</li>
 *   <li>Even so, a root daemon creates {@code /run/libvirt/common/system.token} (and {@code /run/libvirt}): that
 *       cannot be configured away; it is harmless, and shared with any other root libvirtd on the machine.</li>
 *   <li>{@link #start(Path)} returns after ~0.07 s (the daemon answers after ~0.03 s; the rest is the two virsh
 *       probes); {@link #stop()} takes ~5 ms. Root (system mode) and non-root (session mode) behave the same for
 *       the test driver; a non-root daemon can only read node files that its user can read.</li>
 *   <li>One daemon per state directory: {@link #start(Path)} refuses a directory whose libvirtd is still running
 *       (libvirtd would fail on the locked pid file, and the running daemon's sockets must stay).</li>
 *   <li>Keepalive works over {@code test+tcp} (a {@link #freeze() frozen} daemon is detected); libvirt's test
 *       driver opened directly ({@code test:///...}) has no keepalive at all.</li>
 * </ul>
 */
final class LibvirtDaemon implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration VIRSH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** sun_path holds 108 bytes with the NUL; libvirt-admin-sock is the longest name in the socket directory. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final String ADMIN_SOCKET = "libvirt-admin-sock";
    private static final int START_ATTEMPTS = 3;

    private static final Set<LibvirtDaemon> LIVE = ConcurrentHashMap.newKeySet();
    /**
     * Every daemon is spawned from this one thread, which lives as long as the JVM: PR_SET_PDEATHSIG fires when the
     * <em>thread</em> that spawned the process ends, so spawning from a short-lived test thread would kill the
     * daemon as soon as that thread ends.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "libvirtd-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "libvirt-test-output");
        thread.setDaemon(true);
        return thread;
    });
    private static volatile Boolean pdeathsig;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (LibvirtDaemon daemon : List.copyOf(LIVE)) {
                daemon.stopQuietly();
            }
        }, "libvirtd-reaper"));
    }

    private final Path stateDir;
    private final Path socketDir;
    /** A short socket directory under /tmp, made because the state directory's path is too long; else null. */
    private final Path ownSocketDir;
    private final boolean privileged;
    private int port;
    private volatile Process process;
    private volatile boolean frozen;
    private volatile Duration startupTime = Duration.ZERO;

    private LibvirtDaemon(Path stateDir) throws IOException {
        this.stateDir = stateDir;
        for (String dir : List.of("run", "home", "cache", "config", "data", "log", "drivers")) {
            Files.createDirectories(stateDir.resolve(dir));
        }
        Path run = stateDir.resolve("run");
        if (run.resolve(ADMIN_SOCKET).toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            this.ownSocketDir = Files.createTempDirectory(Path.of("/tmp"), "libvirtd-");
            this.socketDir = ownSocketDir;
        } else {
            this.ownSocketDir = null;
            this.socketDir = run;
        }
        this.privileged = runningAsRoot();
    }

    /**
     * Starts a daemon with its state in {@code stateDir} (created if needed) on a free TCP port of 127.0.0.1, and
     * waits until it answers over TCP and its UNIX socket.
     *
     * @throws IllegalStateException with the daemon's log tail when it dies or is not ready within 10 s
     */
    static LibvirtDaemon start(Path stateDir) {
        LibvirtDaemon daemon;
        try {
            daemon = new LibvirtDaemon(stateDir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + stateDir, e);
        }
        daemon.refuseIfInUse();
        for (int attempt = 1; ; attempt++) {
            daemon.port = freePort();
            daemon.writeConfig();
            try {
                daemon.launch();
                return daemon;
            } catch (PortTaken e) {
                // another process took the port between our probe and libvirtd's bind: try another one
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("libvirtd could not bind a free port in " + START_ATTEMPTS
                            + " attempts\n" + daemon.diagnostics(), e);
                }
            }
        }
    }

    int port() {
        return port;
    }

    Path stateDir() {
        return stateDir;
    }

    /** The read-write UNIX socket. */
    Path socket() {
        return socketDir.resolve("libvirt-sock");
    }

    Path logFile() {
        return stateDir.resolve("log/libvirtd.log");
    }

    Path configFile() {
        return stateDir.resolve("libvirtd.conf");
    }

    /** Whether the daemon runs as root (system mode) rather than in session mode. */
    boolean privileged() {
        return privileged;
    }

    /** The daemon's process id; fails when it is not running. */
    long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("libvirtd is not running");
        }
        return p.pid();
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** From spawning to answering, for the last start or restart. */
    Duration startupTime() {
        return startupTime;
    }

    /** {@code test+tcp://127.0.0.1:PORT/default}: the test driver's shared default host (one domain "test"). */
    String tcpUri() {
        return tcpUri(null);
    }

    /**
     * {@code test+tcp://127.0.0.1:PORT/default} when {@code testDriverPath} is null or "default", else {@code
     * test+tcp://127.0.0.1:PORT/ABSOLUTE/PATH/node.xml} for a {@link TestNode} file (made absolute here).
     */
    String tcpUri(String testDriverPath) {
        return "test+tcp://127.0.0.1:" + port + driverPath(testDriverPath);
    }

    /** {@code test+unix:///default?socket=STATE/run/libvirt-sock}. */
    String unixUri() {
        return unixUri(null);
    }

    /** Like {@link #tcpUri(String)} through the UNIX socket: {@code test+unix:///PATH?socket=...}. */
    String unixUri(String testDriverPath) {
        return "test+unix://" + driverPath(testDriverPath) + "?socket=" + encode(socket().toString());
    }

    private static String driverPath(String testDriverPath) {
        if (testDriverPath == null || testDriverPath.equals("default") || testDriverPath.equals("/default")) {
            return "/default";
        }
        return encode(Path.of(testDriverPath).toAbsolutePath().normalize().toString());
    }

    /** Percent-encodes what libvirt's URI parser would misread; keeps '/' so a path stays a path. */
    private static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Stops the daemon: SIGTERM, up to 5 s for it to exit, then SIGKILL. Does nothing when it is not running. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().collect(Collectors.toList());
        try {
            if (p.isAlive()) {
                if (frozen) {
                    thaw();
                }
                p.destroy();
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            process = null;
            frozen = false;
            LIVE.remove(this);
        }
    }

    /** Simulates a crash: SIGKILL, no clean shutdown (the socket files stay behind; {@link #restart()} copes). */
    void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
            frozen = false;
            LIVE.remove(this);
        }
    }

    /** Stops (if running) and starts again on the same port and socket, for reconnect tests. */
    void restart() {
        stop();
        writeConfig(); // the same port and socket directory
        try {
            launch();
        } catch (PortTaken e) {
            throw new IllegalStateException("libvirtd cannot listen on its port " + port
                    + " again: another process took it\n" + diagnostics(), e);
        }
    }

    /** SIGSTOP: the daemon hangs with its sockets open (clients see a keepalive timeout, not a closed socket). */
    void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        signal("CONT");
        frozen = false;
    }

    @Override
    public void close() {
        stop();
        if (ownSocketDir != null) {
            try (var files = Files.list(ownSocketDir)) {
                for (Path file : files.collect(Collectors.toList())) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(ownSocketDir);
            } catch (IOException ignored) {
                // a left-over empty directory under /tmp is not worth failing a test for
            }
        }
    }

    /** The last {@code lines} lines of the daemon's log file and of its stdout/stderr. */
    String logTail(int lines) {
        return "--- " + logFile() + " ---\n" + tail(logFile(), lines) + "--- " + stdoutFile() + " ---\n"
                + tail(stdoutFile(), lines);
    }

    @Override
    public String toString() {
        return "libvirtd[port " + port + ", " + stateDir + (isRunning() ? ", pid " + pid() : ", stopped") + "]";
    }

    // ---- virsh ---------------------------------------------------------------------------------------------------

    /** What one virsh run printed, and its exit status. */
    record VirshResult(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code virsh -c URI ARGS...} (with LC_ALL=C) and returns its standard output; fails with everything it
     * printed when it exits non-zero. Options may precede the command in {@code args} ("-k", "1", "list").
     */
    static String virsh(String uri, String... args) {
        VirshResult result = tryVirsh(uri, args);
        if (!result.ok()) {
            throw new AssertionError(describe(uri, args) + " exited with " + result.exitCode() + "\nstdout:\n"
                    + result.stdout() + "stderr:\n" + result.stderr());
        }
        return result.stdout();
    }

    /** Runs {@code virsh -c URI ARGS...} and returns what happened, whatever its exit status. */
    static VirshResult tryVirsh(String uri, String... args) {
        return tryVirsh(VIRSH_TIMEOUT, uri, args);
    }

    private static VirshResult tryVirsh(Duration timeout, String uri, String... args) {
        Process p;
        try {
            p = virshProcess(uri, List.of(args)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run virsh", e);
        }
        CompletableFuture<String> stdout = readAll(p.getInputStream());
        CompletableFuture<String> stderr = readAll(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(describe(uri, args) + " did not finish within " + timeout
                        + "\nstdout:\n" + stdout.getNow("") + "stderr:\n" + stderr.getNow(""));
            }
            return new VirshResult(p.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running virsh", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read virsh's output", e);
        }
    }

    private static ProcessBuilder virshProcess(String uri, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(RequiredPeer.which("virsh").map(Path::toString).orElse("virsh"));
        command.add("-c");
        command.add(uri);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LIBVIRT_") || name.startsWith("VIRSH_"));
        env.put("LC_ALL", "C");
        return builder;
    }

    private static String describe(String uri, String... args) {
        return "virsh -c " + uri + " " + String.join(" ", args);
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read: " + e + ")";
            }
        }, READERS);
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /** Starts {@code virsh -c URI [OPTIONS] event --all --loop}; close it to stop watching. */
    static Events watchEvents(String uri, String... virshOptions) {
        return new Events(uri, List.of(virshOptions));
    }

    /**
     * A second client that stays connected and prints every event ({@code virsh event --all --loop}), one line each:
     * "event 'lifecycle' for domain 'test': Suspended Paused".
     *
     * <p>It also keeps the test driver's shared {@code /default} host alive: that state exists only while at least
     * one connection to it is open, so without a watcher every virsh run starts from the pristine default host and
     * a change made by one run is gone for the next. Connections to a node file never share state (each has its own
     * copy): change domains under a watcher through {@code /default} only.
     */
    static final class Events implements AutoCloseable {
        private final String uri;
        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<String> stderr;
        private int syncs;

        private Events(String uri, List<String> virshOptions) {
            this.uri = uri;
            List<String> args = new ArrayList<>(virshOptions);
            args.addAll(List.of("event", "--all", "--loop"));
            try {
                this.process = virshProcess(uri, args).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run virsh", e);
            }
            this.stderr = readAll(process.getErrorStream());
            READERS.execute(() -> {
                try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (!line.isBlank()) {
                            synchronized (lines) {
                                lines.add(line);
                                lines.notifyAll();
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process was stopped
                }
            });
        }

        /**
         * Waits until the watcher has subscribed, by changing {@code domain}'s title through another connection
         * until the watcher reports the metadata change (virsh prints nothing when it has subscribed). The domain
         * must be running (the title is changed with {@code --live}).
         */
        Events awaitSubscribed(String domain) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            String expected = "'metadata-change' for domain '" + domain + "'";
            while (true) {
                int seen = lines().size();
                virsh(uri, "desc", domain, "--live", "--title", "virt-who-sync-" + (++syncs));
                if (awaitFrom(seen, expected, Duration.ofMillis(300)).isPresent()) {
                    return this;
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the event watcher on " + uri + " did not subscribe\n" + this);
                }
            }
        }

        /** Waits for a line containing {@code fragment}, printed at any time since the watcher started. */
        String await(String fragment, Duration timeout) {
            return awaitFrom(0, fragment, timeout).orElseThrow(() -> new AssertionError(
                    "no event containing \"" + fragment + "\" within " + timeout + "\n" + this));
        }

        private Optional<String> awaitFrom(int from, String fragment, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (true) {
                    for (int i = from; i < lines.size(); i++) {
                        if (lines.get(i).contains(fragment)) {
                            return Optional.of(lines.get(i));
                        }
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return Optional.empty();
                    }
                    try {
                        lines.wait(Math.min(left, 50));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        Process process() {
            return process;
        }

        /** What virsh printed on stderr; complete once it has exited. */
        String stderr() {
            return stderr.getNow("");
        }

        /** Waits for virsh to exit by itself (e.g. after a keepalive timeout); returns whether it did. */
        boolean awaitExit(Duration timeout) {
            try {
                boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (exited) {
                    stderr.get(5, TimeUnit.SECONDS);
                }
                return exited;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                return true;
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "virsh event on " + uri + (process.isAlive() ? " (running)" : " (exited " + process.exitValue()
                    + ")") + "\nlines:\n" + String.join("\n", lines()) + "\nstderr:\n" + stderr();
        }
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private static final class PortTaken extends Exception {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    private Path stdoutFile() {
        return stateDir.resolve("log/stdout.log");
    }

    private Path pidFile() {
        return stateDir.resolve("libvirtd.pid");
    }

    private void writeConfig() {
        String config = String.join("\n",
                "# written by " + LibvirtDaemon.class.getName() + " for a test: loopback only, no authentication",
                "listen_tls = 0",
                "listen_tcp = 1",
                "listen_addr = \"127.0.0.1\"",
                "tcp_port = \"" + port + "\"",
                "auth_tcp = \"none\"",
                "auth_unix_rw = \"none\"",
                "auth_unix_ro = \"none\"",
                "unix_sock_dir = \"" + socketDir + "\"",
                "unix_sock_rw_perms = \"0777\"",
                "unix_sock_ro_perms = \"0777\"",
                "unix_sock_admin_perms = \"0700\"",
                "log_outputs = \"3:file:" + logFile() + "\"",
                "");
        try {
            Files.writeString(configFile(), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
    }

    private List<String> command() {
        String libvirtd = RequiredPeer.which("libvirtd").map(Path::toString).orElse("/usr/sbin/libvirtd");
        List<String> command = new ArrayList<>();
        if (pdeathsigAvailable()) {
            command.addAll(List.of(RequiredPeer.which("setpriv").orElseThrow().toString(), "--pdeathsig", "KILL",
                    "--"));
        }
        command.addAll(List.of(libvirtd, "--listen", "-f", configFile().toString(), "-p", pidFile().toString()));
        return command;
    }

    private void refuseIfInUse() {
        Optional<ProcessHandle> owner = pidFileOwner();
        if (owner.isPresent()) {
            throw new IllegalStateException(stateDir + " is in use by libvirtd pid " + owner.get().pid()
                    + ": give every daemon its own state directory");
        }
    }

    private void launch() throws PortTaken {
        refuseIfInUse();
        for (String name : List.of("libvirt-sock", "libvirt-sock-ro", ADMIN_SOCKET)) {
            try {
                Files.deleteIfExists(socketDir.resolve(name)); // left behind by a killed daemon
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command()).directory(stateDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile().toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        env.put("HOME", stateDir.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", stateDir.resolve("run").toString());
        env.put("XDG_CACHE_HOME", stateDir.resolve("cache").toString());
        env.put("XDG_CONFIG_HOME", stateDir.resolve("config").toString());
        env.put("XDG_DATA_HOME", stateDir.resolve("data").toString());
        env.put("LIBVIRT_DRIVER_DIR", stateDir.resolve("drivers").toString());

        long started = System.nanoTime();
        Process p;
        try {
            p = LAUNCHER.submit(builder::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting libvirtd", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot run " + builder.command(), e.getCause());
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing was ever written to it
        }
        process = p;
        LIVE.add(this);
        try {
            awaitReady(p, started);
        } catch (PortTaken | RuntimeException | Error e) {
            kill();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - started);
    }

    private void awaitReady(Process p, long started) throws PortTaken {
        long deadline = started + READY_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                String log = tail(logFile(), 40) + tail(stdoutFile(), 40);
                if (log.contains("Address already in use")) {
                    throw new PortTaken("port " + port + " is in use");
                }
                throw new IllegalStateException("libvirtd exited with status " + p.exitValue()
                        + " before it was ready\n" + diagnostics());
            }
            // The UNIX socket is ours for sure and answers only once every listener is bound (libvirtd binds
            // them all before it serves anything): then TCP, on our port, answers too.
            if (Files.exists(socket()) && probe(unixUri()) && p.isAlive() && probe(tcpUri())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("libvirtd was not ready within " + READY_TIMEOUT.toSeconds()
                        + " s\n" + diagnostics());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for libvirtd", e);
            }
        }
    }

    /** The live libvirtd whose pid is in the pid file, if any (libvirtd keeps it locked while it runs). */
    private Optional<ProcessHandle> pidFileOwner() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").endsWith("libvirtd"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code virsh version} answers within a second (a process squatting our port never answers). */
    private static boolean probe(String uri) {
        try {
            return tryVirsh(PROBE_TIMEOUT, uri, "version").ok();
        } catch (AssertionError timedOut) {
            return false;
        }
    }

    private String diagnostics() {
        return "command: " + String.join(" ", command()) + "\nconfig " + configFile() + ":\n"
                + tail(configFile(), 40) + logTail(30);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // the JVM is exiting
        }
    }

    private void signal(String signal) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("libvirtd is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean pdeathsigAvailable() {
        Boolean available = pdeathsig;
        if (available == null) {
            available = RequiredPeer.which("setpriv").map(setpriv -> {
                try {
                    Process help = new ProcessBuilder(setpriv.toString(), "--help").redirectErrorStream(true).start();
                    String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    help.waitFor(5, TimeUnit.SECONDS);
                    return text.contains("--pdeathsig"); // util-linux 2.33 and later
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }).orElse(false);
            pdeathsig = available;
        }
        return available;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String tail(Path file, int lines) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> all = text.isEmpty() ? List.of() : List.of(text.split("\n"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "(empty)\n" : String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }
}
