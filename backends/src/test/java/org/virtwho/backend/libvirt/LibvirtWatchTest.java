package org.virtwho.backend.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.Backend;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Inventory;

/** Watching a real libvirtd that the test starts, changes from another client, and stops. */
class LibvirtWatchTest {
    private static final String TEST_DOMAIN = "6695eb01-f6a4-8304-79aa-97f2502e193f";

    @TempDir
    Path directory;
    private LibvirtDaemon daemon;
    private final Semaphore changes = new Semaphore(0);

    @BeforeEach
    void startDaemon() {
        RequiredPeer.require(RequiredPeer.onPath("libvirtd") && RequiredPeer.onPath("virsh"),
                "libvirt-daemon and libvirt-clients");
        daemon = LibvirtDaemon.start(directory.resolve("daemon"));
    }

    @AfterEach
    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private Backend backend(String uri) {
        // A quick keepalive so a hung daemon is noticed within seconds, not upstream's 20.
        return new LibvirtBackendFactory(new LibvirtWatch.Keepalive(1, 2))
                .create(LibvirtBackendTest.remote(uri, HypervisorIdKind.UUID), LibvirtBackendTest.NO_ENVIRONMENT);
    }

    private GuestState stateOfTestDomain(Backend backend) throws Exception {
        List<Guest> guests = ((Inventory.Hosts) backend.collect()).hosts().get(0).guests();
        return guests.stream().filter(guest -> guest.uuid().equals(TEST_DOMAIN)).findFirst().orElseThrow().state();
    }

    @Test
    void aStateChangeByAnotherClientIsSeenWithinTwoSeconds() throws Exception {
        try (Backend backend = backend(daemon.tcpUri());
             Backend.Watch watch = backend.watch(changes::release).orElseThrow()) {
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.RUNNING);
            LibvirtDaemon.virsh(daemon.tcpUri(), "suspend", "test");
            assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).as("an event within 2 s").isTrue();
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.PAUSED);
            LibvirtDaemon.virsh(daemon.tcpUri(), "destroy", "test");
            assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).isTrue();
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.SHUT_OFF);
        }
    }

    @Test
    void aDaemonRestartDuringAWatchReconnectsAndSaysSo() throws Exception {
        try (Backend backend = backend(daemon.tcpUri());
             Backend.Watch watch = backend.watch(changes::release).orElseThrow()) {
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.RUNNING);
            daemon.restart();
            assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a change once reconnected").isTrue();
            // The collecting connection was stale too: the next collection must still succeed.
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.RUNNING);
            LibvirtDaemon.virsh(daemon.tcpUri(), "suspend", "test");
            assertThat(changes.tryAcquire(2, TimeUnit.SECONDS)).as("events flow on the new connection").isTrue();
        }
    }

    @Test
    void keepaliveNoticesAHungDaemonAndTheWatchComesBackWithIt() throws Exception {
        try (Backend backend = backend(daemon.tcpUri());
             Backend.Watch watch = backend.watch(changes::release).orElseThrow()) {
            daemon.freeze();
            try {
                // Keepalive (1 s, 2 probes) declares the connection dead; reconnect attempts then wait.
                Thread.sleep(4_000);
            } finally {
                daemon.thaw();
            }
            assertThat(changes.tryAcquire(15, TimeUnit.SECONDS)).as("a change once reconnected").isTrue();
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.RUNNING);
        }
    }

    @Test
    void theUnixSocketTransportWorksToo() throws Exception {
        try (Backend backend = backend(daemon.unixUri())) {
            assertThat(stateOfTestDomain(backend)).isEqualTo(GuestState.RUNNING);
        }
    }

    @Test
    void aNodeFileServedByTheDaemonListsHundredsOfDomains() throws Exception {
        Path node = directory.resolve("node.xml");
        List<TestNode.Domain> domains = TestNode.write(node, 500, LibvirtBackendTest.HOST_UUID, TestNode.ALL_STATES);
        try (Backend backend = backend(daemon.tcpUri(node.toString()))) {
            Inventory.Hosts hosts = (Inventory.Hosts) backend.collect();
            assertThat(hosts.hosts().get(0).guests())
                    .containsExactlyInAnyOrderElementsOf(LibvirtBackendTest.expected(domains));
            assertThat(hosts.hosts().get(0).identity().get(HypervisorIdKind.UUID)).contains(LibvirtBackendTest.HOST_UUID);
        }
    }
}
