package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.CapturedLog;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceTls;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Inventory;

/** The ESX source against VMware's own vSphere simulator: a vCenter with clusters and a standalone host. */
class EsxSimulatorTest {
    private static final BackendContext CONTEXT = new BackendContext(Map.of());
    private static final EsxTuning QUICK = new EsxTuning(2, 5000, Duration.ofSeconds(10), Duration.ofMillis(100),
            Duration.ofSeconds(1));
    private static VcSimulator vcenter;

    @BeforeAll
    static void startVcenter() throws Exception {
        // 2 clusters of 2 hosts and 1 standalone host; 3 VMs in each cluster and on the standalone host.
        vcenter = VcSimulator.start("-clusters", "2", "-cluster-hosts", "2", "-hosts", "1", "-vms", "3",
                "-user", EsxSections.USER, "-password", EsxSections.PASSWORD);
    }

    @AfterAll
    static void stopVcenter() throws Exception {
        if (vcenter != null) {
            vcenter.close();
        }
    }

    private static Backend backend(SourceConfig config) throws BackendException {
        return new EsxBackendFactory(QUICK).create(config, CONTEXT);
    }

    private static List<Host> collect(SourceConfig config) throws BackendException {
        try (Backend backend = backend(config)) {
            return ((Inventory.Hosts) backend.collect()).hosts();
        }
    }

    @Test
    void readsEveryHostAndVmOfAVcenterVerifyingItsCertificate() throws Exception {
        List<Host> hosts = collect(EsxSections.section(vcenter.url(), EsxSections.trusting(vcenter.certificate())));

        assertThat(hosts).hasSize(5);
        assertThat(hosts.stream().mapToInt(host -> host.guests().size()).sum()).isEqualTo(9);
        assertThat(hosts).allSatisfy(host -> {
            assertThat(host.identity().get(HypervisorIdKind.UUID)).isPresent();
            assertThat(host.identity().get(HypervisorIdKind.HWUUID)).hasValueSatisfying(id -> assertThat(id)
                    .startsWith("host-"));
            assertThat(host.name()).isEqualTo(host.identity().get(HypervisorIdKind.HOSTNAME));
            assertThat(host.facts()).containsKeys(Facts.CPU_SOCKETS, Facts.HYPERVISOR_TYPE, Facts.SYSTEM_UUID);
            assertThat(host.facts().get(Facts.SYSTEM_UUID)).isEqualTo(host.identity().get(HypervisorIdKind.UUID).get());
            assertThat(host.guests()).allSatisfy(guest -> {
                assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
                assertThat(guest.virtWhoType()).isEqualTo("esx");
            });
        });
        assertThat(hosts).filteredOn(host -> host.facts().containsKey(Facts.HYPERVISOR_CLUSTER)).hasSize(4)
                .extracting(host -> host.facts().get(Facts.HYPERVISOR_CLUSTER)).containsOnly("DC0_C0", "DC0_C1");
    }

    @Test
    void filtersHostsByTheirParent() throws Exception {
        // The simulator names clusters clustercomputeresource-N where vCenter says domain-cN.
        List<Host> all = collect(EsxSections.section(vcenter.url(), new SourceTls(Optional.empty(), true)));
        List<Host> clustered = collect(EsxSections.section(vcenter.url(), new SourceTls(Optional.empty(), true),
                HypervisorIdKind.UUID, List.of("clustercomputeresource-*"), List.of(), EsxSections.PASSWORD));
        List<Host> standalone = collect(EsxSections.section(vcenter.url(), new SourceTls(Optional.empty(), true),
                HypervisorIdKind.UUID, List.of(), List.of("clustercompute"), EsxSections.PASSWORD));

        assertThat(all).hasSize(5);
        assertThat(clustered).hasSize(4).allSatisfy(host -> assertThat(host.facts()).containsKey(Facts.HYPERVISOR_CLUSTER));
        assertThat(standalone).hasSize(1).allSatisfy(host -> assertThat(host.facts()).doesNotContainKey(Facts.HYPERVISOR_CLUSTER));
    }

    @Test
    void readsAStandaloneEsxHost() throws Exception {
        try (VcSimulator esx = VcSimulator.start("-esx", "-vms", "2")) {
            List<Host> hosts = collect(EsxSections.section(esx.url(), EsxSections.trusting(esx.certificate())));

            assertThat(hosts).singleElement().satisfies(host -> {
                assertThat(host.guests()).hasSize(2);
                assertThat(host.identity().get(HypervisorIdKind.HWUUID)).contains("ha-host");
                assertThat(host.facts()).doesNotContainKey(Facts.HYPERVISOR_CLUSTER);
            });
        }
    }

    @Test
    void anUntrustedCertificateNamesBothWaysOut() {
        SourceConfig config = EsxSections.section(vcenter.url(), SourceTls.VERIFIED);

        assertThatThrownBy(() -> collect(config)).isInstanceOf(BackendException.class)
                .hasMessageContaining("Cannot verify the TLS certificate of 127.0.0.1")
                .hasMessageContaining("ca_cert").hasMessageContaining("insecure");
    }

    @Test
    void aWrongPasswordSaysSoWithoutTheAttemptedPassword() {
        String wrong = "not-the-Pa55word";
        SourceConfig config = EsxSections.section(vcenter.url(), EsxSections.trusting(vcenter.certificate()),
                HypervisorIdKind.UUID, List.of(), List.of(), wrong);

        assertThatThrownBy(() -> collect(config)).isInstanceOf(BackendException.class)
                .hasMessageContaining("as '" + EsxSections.USER + "' failed: the user name or password is wrong")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    }

    @Test
    void statusCheckLogsInAndReadsAProperty() throws Exception {
        try (Backend backend = backend(EsxSections.section(vcenter.url(), EsxSections.trusting(vcenter.certificate())))) {
            backend.check();
        }
        try (Backend backend = backend(EsxSections.section(vcenter.url(), EsxSections.trusting(vcenter.certificate()),
                HypervisorIdKind.UUID, List.of(), List.of(), "wrong"))) {
            assertThatThrownBy(backend::check).hasMessageContaining("user name or password is wrong");
        }
    }

    @Test
    void aPowerChangeDuringAWatchIsSeenWithinSeconds() throws Exception {
        try (VcSimulator own = VcSimulator.start("-clusters", "1", "-cluster-hosts", "2", "-hosts", "0", "-vms", "2");
             Backend backend = backend(EsxSections.section(own.url(), EsxSections.trusting(own.certificate())));
             Administrator admin = Administrator.login(own)) {
            Semaphore changes = new Semaphore(0);
            try (Backend.Watch watch = backend.watch(changes::release).orElseThrow()) {
                assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("the first full read is told").isTrue();
                assertThat(guests(backend.collect())).extracting(Guest::state).containsOnly(GuestState.RUNNING);

                String uuid = admin.powerOffSomeVm();

                assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a change is told").isTrue();
                // The server may send the change in more than one update set: wait for the one that matters.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stateOf(uuid, backend) != GuestState.SHUT_OFF && System.nanoTime() < deadline) {
                    changes.tryAcquire(200, TimeUnit.MILLISECONDS);
                }
                assertThat(stateOf(uuid, backend)).isEqualTo(GuestState.SHUT_OFF);
            }
        }
    }

    @Test
    void aServerThatGoesAwayIsLoggedOnceAndReportedAgainWhenItIsBack() throws Exception {
        VcSimulator first = VcSimulator.start("-clusters", "1", "-cluster-hosts", "1", "-hosts", "0", "-vms", "2");
        String url = first.url();
        String listen = URI.create(url).getAuthority();
        try (CapturedLog log = CapturedLog.open();
             Backend backend = backend(EsxSections.section(url, EsxSections.trusting(first.certificate())))) {
            Semaphore changes = new Semaphore(0);
            Backend.Watch watch = backend.watch(changes::release).orElseThrow();
            assertThat(guests(backend.collect())).hasSize(2);

            first.close();
            awaitFailure(backend);
            // The simulator's certificate is the same at every start, so the CA file stays good.
            try (VcSimulator again = VcSimulator.start("-listen", listen, "-clusters", "1", "-cluster-hosts", "1",
                    "-hosts", "0", "-vms", "2")) {
                changes.drainPermits();
                assertThat(changes.tryAcquire(20, TimeUnit.SECONDS)).as("the way back is told").isTrue();
                assertThat(guests(backend.collect())).hasSize(2);
                watch.close(); // before this simulator stops too, which would be a second outage
            }
            assertThat(log.lines()).filteredOn(line -> line.contains("lost the server")).hasSize(1);
            assertThat(log.lines()).filteredOn(line -> line.contains("the server answers again")).hasSize(1);
        }
    }

    private static void awaitFailure(Backend backend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                backend.collect();
            } catch (BackendException e) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the watch did not notice that the server went away");
    }

    private static GuestState stateOf(String uuid, Backend backend) throws BackendException {
        return guests(backend.collect()).stream().filter(guest -> guest.uuid().equals(uuid)).findFirst()
                .orElseThrow().state();
    }

    @Test
    void aLostSessionIsLoggedInAgain() throws Exception {
        try (VcSimulator own = VcSimulator.start("-clusters", "1", "-cluster-hosts", "1", "-hosts", "0", "-vms", "2");
             EsxBackend backend = (EsxBackend) backend(EsxSections.section(own.url(),
                     EsxSections.trusting(own.certificate())));
             Administrator admin = Administrator.login(own)) {
            List<Guest> before = guests(backend.collect());

            admin.endSessionOf(backend);

            assertThat(guests(backend.collect())).isEqualTo(before);
        }
    }

    private static List<Guest> guests(Inventory inventory) {
        return ((Inventory.Hosts) inventory).hosts().stream().flatMap(host -> host.guests().stream()).toList();
    }
}
