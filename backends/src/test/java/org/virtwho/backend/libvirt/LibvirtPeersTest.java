package org.virtwho.backend.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtwho.backend.libvirt.LibvirtDaemon.tryVirsh;
import static org.virtwho.backend.libvirt.LibvirtDaemon.virsh;
import static org.virtwho.backend.libvirt.RequiredPeer.onPath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.libvirt.TestNode.Domain;

/** Tests of the test peers themselves: libvirt's test driver with {@link TestNode} files, and {@link LibvirtDaemon}. */
class LibvirtPeersTest {
    private static final String HOST_UUID = "6b1f0a8e-3c2d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final Pattern LIST_ROW = Pattern.compile("^\\s*(-|\\d+)\\s+(\\S+)\\s+(.+?)\\s*$");

    @TempDir
    Path dir;

    @BeforeEach
    void libvirtIsInstalled() {
        RequiredPeer.require(onPath("libvirtd") && onPath("virsh"), "libvirt-daemon and libvirt-clients");
    }

    @Test
    void aNodeFileWithEveryAcceptedStateListsAndReportsEachState() {
        Path node = dir.resolve("node.xml");
        List<Domain> domains = TestNode.builder().domains(300).hostUuid(HOST_UUID).states(TestNode.ALL_STATES)
                .withDomain0().write(node);
        String uri = "test://" + node.toAbsolutePath();

        // every virsh run parses the 301 domains anew (~0.2 s here): one run per group of commands
        List<String> lists = sections(uri, "list --all", "list --all --uuid", "list --name");
        Map<String, String> listed = list(lists.get(0));
        assertThat(listed).hasSize(301);
        Map<String, String> expected = new LinkedHashMap<>();
        domains.forEach(d -> expected.put(d.name(), TestNode.VIRSH_STATE_NAMES.get(d.state())));
        assertThat(listed).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(lines(lists.get(1)))
                .containsExactlyInAnyOrderElementsOf(domains.stream().map(Domain::uuid).collect(Collectors.toList()))
                .contains(TestNode.ZERO_UUID);
        // only shut off is inactive; crashed and the rest count as active
        assertThat(lines(lists.get(2)))
                .containsExactlyInAnyOrderElementsOf(domains.stream().filter(Domain::active).map(Domain::name)
                        .collect(Collectors.toList()));

        List<Domain> onePerState = TestNode.ALL_STATES.stream().map(state -> domains.stream()
                .filter(d -> d.state() == state && !d.name().equals(TestNode.DOMAIN_0)).findFirst().orElseThrow())
                .collect(Collectors.toList());
        List<String> commands = new ArrayList<>();
        onePerState.forEach(d -> commands.addAll(List.of("domstate " + d.name(), "domuuid " + d.name())));
        commands.addAll(List.of("domuuid " + TestNode.DOMAIN_0, "domid " + TestNode.DOMAIN_0));
        List<String> answers = sections(uri, commands.toArray(String[]::new));
        for (int i = 0; i < onePerState.size(); i++) {
            Domain domain = onePerState.get(i);
            assertThat(answers.get(2 * i).strip()).as("domstate " + domain.name())
                    .isEqualTo(TestNode.VIRSH_STATE_NAMES.get(domain.state()));
            assertThat(answers.get(2 * i + 1).strip()).as("domuuid " + domain.name()).isEqualTo(domain.uuid());
        }
        assertThat(answers.get(answers.size() - 2).strip()).isEqualTo(TestNode.ZERO_UUID);
        assertThat(answers.get(answers.size() - 1).strip()).isEqualTo("1"); // Domain-0's id: not 0 as on Xen

        // the host UUID is only in the node device "computer", not in the capabilities
        List<String> host = sections(uri, "nodedev-dumpxml computer", "capabilities", "nodeinfo");
        assertThat(host.get(0)).contains("<uuid>" + HOST_UUID + "</uuid>");
        assertThat(host.get(1)).contains("<capabilities>").doesNotContain(HOST_UUID);
        assertThat(host.get(2)).containsPattern("CPU socket\\(s\\):\\s+2")
                .containsPattern("Core\\(s\\) per socket:\\s+2").containsPattern("Thread\\(s\\) per core:\\s+2")
                .containsPattern("CPU\\(s\\):\\s+8");
    }

    @Test
    void theTestDriverRejectsRunStatesAboveSevenAndSoDoesTestNode() throws IOException {
        String xml = TestNode.builder().domains(1).states(TestNode.PM_SUSPENDED).xml();
        Path node = dir.resolve("bad.xml");
        Files.writeString(node, xml.replace("<test:runstate>7<", "<test:runstate>8<"));

        LibvirtDaemon.VirshResult result = tryVirsh("test://" + node, "list", "--all");

        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("runstate '8' out of range");
        assertThatThrownBy(() -> TestNode.builder().states(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestNode.builder().states(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void guestUuidsAreDeterministicAndDifferPerHost() {
        List<Domain> first = TestNode.builder().domains(3).hostUuid(HOST_UUID).domainList();
        List<Domain> again = TestNode.builder().domains(3).hostUuid(HOST_UUID).domainList();
        List<Domain> otherHost = TestNode.builder().domains(3).hostUuid(TestNode.DEFAULT_HOST_UUID).domainList();

        assertThat(again).isEqualTo(first);
        assertThat(first).extracting(Domain::name).containsExactly("guest-00000", "guest-00001", "guest-00002");
        assertThat(first).extracting(Domain::uuid).doesNotContainAnyElementsOf(
                otherHost.stream().map(Domain::uuid).collect(Collectors.toList()));
    }

    @Test
    void theDaemonAnswersOverTcpOnLoopbackAndOverItsUnixSocket() throws IOException {
        Path node = dir.resolve("node.xml");
        List<Domain> domains = TestNode.write(node, 20, HOST_UUID, List.of(TestNode.RUNNING, TestNode.SHUT_OFF));

        try (LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"))) {
            assertThat(daemon.startupTime()).isLessThan(LibvirtDaemon.READY_TIMEOUT);
            assertThat(daemon.tcpUri()).isEqualTo("test+tcp://127.0.0.1:" + daemon.port() + "/default");
            assertThat(daemon.unixUri()).isEqualTo("test+unix:///default?socket=" + daemon.socket());
            assertThat(daemon.tcpUri(node.toString()))
                    .isEqualTo("test+tcp://127.0.0.1:" + daemon.port() + node.toAbsolutePath());

            for (String uri : List.of(daemon.tcpUri(), daemon.unixUri())) {
                assertThat(lines(virsh(uri, "list", "--all", "--name"))).as(uri).containsExactly("test");
            }
            List<String> names = domains.stream().map(Domain::name).collect(Collectors.toList());
            for (String uri : List.of(daemon.tcpUri(node.toString()), daemon.unixUri(node.toString()))) {
                assertThat(lines(virsh(uri, "list", "--all", "--name"))).as(uri)
                        .containsExactlyInAnyOrderElementsOf(names);
                assertThat(virsh(uri, "nodedev-dumpxml", "computer")).as(uri).contains(HOST_UUID);
            }
            assertThat(listeningAddresses(daemon.port())).as("addresses listening on port " + daemon.port())
                    .containsExactly("127.0.0.1");
            assertThat(Files.getPosixFilePermissions(daemon.socket()))
                    .hasSize(9); // rwxrwxrwx: any user's client may connect
        }
    }

    @Test
    void restartKeepsThePortAndTheSocketAndStopLeavesNoProcess() throws Exception {
        LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"));
        try {
            int port = daemon.port();
            long firstPid = daemon.pid();

            daemon.restart();

            assertThat(daemon.port()).isEqualTo(port);
            assertThat(daemon.pid()).isNotEqualTo(firstPid);
            assertThat(alive(firstPid)).isFalse();
            assertThat(virsh(daemon.tcpUri(), "list", "--all", "--name")).contains("test");
            assertThat(virsh(daemon.unixUri(), "list", "--all", "--name")).contains("test");

            // a crash leaves the socket files behind; a restart copes
            long secondPid = daemon.pid();
            daemon.kill();
            assertThat(alive(secondPid)).isFalse();
            assertThat(tryVirsh(daemon.tcpUri(), "version").ok()).isFalse();
            daemon.restart();
            assertThat(daemon.port()).isEqualTo(port);
            assertThat(virsh(daemon.unixUri(), "version")).contains("libvirt");

            long lastPid = daemon.pid();
            daemon.stop();

            assertThat(daemon.isRunning()).isFalse();
            assertThat(alive(lastPid)).isFalse();
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(daemon.configFile().toString())))
                    .as("processes still running with " + daemon.configFile()).isEmpty();
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        } finally {
            daemon.close();
        }
    }

    @Test
    void aDaemonThatCannotStartFailsWithItsLogAndAStateDirectoryServesOneDaemon() throws IOException {
        try (LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"))) {
            assertThatThrownBy(() -> LibvirtDaemon.start(dir.resolve("libvirtd")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in use by libvirtd pid");
            assertThat(virsh(daemon.unixUri(), "version")).contains("libvirt");

            daemon.stop();
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), daemon.port()));

                assertThatThrownBy(daemon::restart).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cannot listen on its port " + daemon.port())
                        .hasMessageContaining("Address already in use"); // from the daemon's log
            }
            assertThat(daemon.isRunning()).isFalse();
        }
    }

    @Test
    void aSecondClientsSuspendIsSeenOverTcpWhileAWatcherHoldsTheDefaultHost() {
        try (LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"));
                LibvirtDaemon.Events events = LibvirtDaemon.watchEvents(daemon.tcpUri()).awaitSubscribed("test")) {
            virsh(daemon.unixUri(), "suspend", "test");

            assertThat(events.await("Suspended", Duration.ofSeconds(5)))
                    .isEqualTo("event 'lifecycle' for domain 'test': Suspended Paused");
            assertThat(virsh(daemon.tcpUri(), "domstate", "test").strip()).isEqualTo("paused");

            virsh(daemon.tcpUri(), "resume", "test");
            virsh(daemon.tcpUri(), "destroy", "test");
            events.await("Stopped Destroyed", Duration.ofSeconds(5));
            assertThat(virsh(daemon.unixUri(), "domstate", "test").strip()).isEqualTo("shut off");
        }
    }

    @Test
    void everyConnectionToANodeFileHasItsOwnCopyOfTheDomains() {
        Path node = dir.resolve("node.xml");
        TestNode.write(node, 2, HOST_UUID, List.of(TestNode.RUNNING));
        try (LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"));
                LibvirtDaemon.Events events = LibvirtDaemon.watchEvents(daemon.tcpUri(node.toString()))) {
            String uri = daemon.tcpUri(node.toString());

            // one virsh run, one connection: the change is there
            assertThat(virsh(uri, "suspend guest-00000; domstate guest-00000")).contains("paused");

            // the next connection parses the file anew, although another one (the watcher) is still open
            assertThat(virsh(uri, "domstate", "guest-00000").strip()).isEqualTo("running");
            assertThat(events.lines()).isEmpty();
        }
    }

    @Test
    void keepaliveDetectsAFrozenDaemonOverTcpButTheDirectTestDriverHasNone() {
        LibvirtDaemon.VirshResult direct = tryVirsh("test:///default", "-k", "1", "version");
        assertThat(direct.ok()).isFalse();
        assertThat(direct.stderr()).contains("virConnectSetKeepAlive");

        try (LibvirtDaemon daemon = LibvirtDaemon.start(dir.resolve("libvirtd"));
                LibvirtDaemon.Events events = LibvirtDaemon.watchEvents(daemon.tcpUri(), "-k", "1", "-K", "1")
                        .awaitSubscribed("test")) {
            daemon.freeze();
            long frozen = System.nanoTime();

            assertThat(events.awaitExit(Duration.ofSeconds(8))).as(events.toString()).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - frozen)).isLessThan(Duration.ofSeconds(5));
            assertThat(events.stderr()).contains("keepalive timeout");
            daemon.thaw();
            assertThat(virsh(daemon.tcpUri(), "version")).contains("libvirt");
        }
    }

    /** Runs the commands in one virsh run (one connection) and returns what each printed. */
    private static List<String> sections(String uri, String... commands) {
        String separator = "=====";
        String output = virsh(uri, String.join("; echo " + separator + "; ", commands));
        List<String> sections = List.of(output.split("(?m)^" + separator + "$", -1));
        assertThat(sections).as(output).hasSize(commands.length);
        return sections;
    }

    /** Name to state from {@code virsh list --all}. */
    private static Map<String, String> list(String output) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher row = LIST_ROW.matcher(line);
            if (row.matches() && !line.strip().startsWith("Id ")) {
                rows.put(row.group(2), row.group(3));
            }
        }
        return rows;
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The IPv4 addresses with a TCP socket listening on {@code port}, from /proc/net/tcp (and tcp6). */
    private static Set<String> listeningAddresses(int port) throws IOException {
        String portHex = String.format(Locale.ROOT, "%04X", port);
        Set<String> addresses = new java.util.TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length < 4 || !fields[1].endsWith(":" + portHex) || !fields[3].equals("0A")) {
                    continue;
                }
                addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))).orElse(fields[1]));
            }
        }
        return addresses;
    }

    /** /proc/net/tcp writes an IPv4 address as little-endian hex: 0100007F is 127.0.0.1. */
    private static Optional<String> address(String hex) {
        if (hex.length() != 8) {
            return Optional.empty();
        }
        long value = Long.parseLong(hex, 16);
        return Optional.of((value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "."
                + ((value >> 24) & 0xff));
    }
}
