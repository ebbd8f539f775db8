package org.virtwho.backend.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Inventory;

/** The libvirt source against libvirt's own test driver, through the real library (no daemon needed). */
class LibvirtBackendTest {
    static final String HOST_UUID = "9d3b1c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    static final BackendContext NO_ENVIRONMENT = new BackendContext(Map.of());

    @TempDir
    Path directory;

    @BeforeEach
    void requireLibvirt() {
        RequiredPeer.require(RequiredPeer.onPath("virsh"), "libvirt (libvirt0 and libvirt-clients)");
    }

    static SourceConfig remote(String uri, HypervisorIdKind hypervisorId) {
        return new SourceConfig("kvm", Path.of("/etc/virt-who.d/kvm.conf"), SourceType.LIBVIRT,
                SourceConfig.SmType.SAM, hypervisorId, uri, Optional.empty(), Optional.empty(), Optional.of("ACME"),
                HostFilter.NONE, RhsmOverrides.NONE, Optional.empty(), new BackendOptions.Libvirt(Optional.of(uri)));
    }

    static SourceConfig local() {
        return new SourceConfig("local", null, SourceType.LIBVIRT, SourceConfig.SmType.SAM, HypervisorIdKind.UUID,
                "", Optional.empty(), Optional.empty(), Optional.empty(), HostFilter.NONE, RhsmOverrides.NONE,
                Optional.empty(), new BackendOptions.Libvirt(Optional.empty()));
    }

    static Backend open(SourceConfig config) {
        return new LibvirtBackendFactory().create(config, NO_ENVIRONMENT);
    }

    static List<Guest> expected(List<TestNode.Domain> domains) {
        return domains.stream()
                .filter(domain -> !domain.uuid().equals(TestNode.ZERO_UUID))
                .map(domain -> new Guest(domain.uuid(), GuestState.fromCode(domain.state()), "libvirt"))
                .toList();
    }

    @Test
    void remoteModeReportsOneHypervisorWithFactsAndEveryGuestInEveryState() throws Exception {
        Path node = directory.resolve("node.xml");
        List<TestNode.Domain> domains = TestNode.builder().domains(300).hostUuid(HOST_UUID)
                .states(TestNode.ALL_STATES).cpu(4, 8, 2, 2400).write(node);
        String uri = "test://" + node;
        try (Backend backend = open(remote(uri, HypervisorIdKind.UUID))) {
            Inventory.Hosts inventory = (Inventory.Hosts) backend.collect();
            assertThat(inventory.hosts()).hasSize(1);
            Host host = inventory.hosts().get(0);
            assertThat(host.identity().get(HypervisorIdKind.UUID)).contains(HOST_UUID);
            assertThat(host.identity().get(HypervisorIdKind.HOSTNAME)).isPresent();
            assertThat(host.name()).isEqualTo(host.identity().get(HypervisorIdKind.HOSTNAME));
            assertThat(host.facts().keySet()).containsExactly(Facts.CPU_SOCKETS, Facts.HYPERVISOR_TYPE,
                    Facts.HYPERVISOR_VERSION, Facts.SYSTEM_UUID);
            assertThat(host.facts()).containsEntry(Facts.CPU_SOCKETS, "4")
                    .containsEntry(Facts.HYPERVISOR_TYPE, "TEST")
                    .containsEntry(Facts.SYSTEM_UUID, HOST_UUID);
            assertThat(host.facts().get(Facts.HYPERVISOR_VERSION)).isInstanceOf(Long.class);
            assertThat(host.guests()).containsExactlyInAnyOrderElementsOf(expected(domains));
        }
    }

    @Test
    void activeGuestsComeFirstInIdOrderThenTheDefinedOnes() throws Exception {
        Path node = directory.resolve("node.xml");
        List<TestNode.Domain> domains = TestNode.builder().domains(12).hostUuid(HOST_UUID)
                .states(TestNode.SHUT_OFF, TestNode.RUNNING, TestNode.PAUSED).write(node);
        try (Backend backend = open(remote("test://" + node, HypervisorIdKind.UUID))) {
            List<Guest> guests = ((Inventory.Hosts) backend.collect()).hosts().get(0).guests();
            List<Guest> active = expected(domains.stream().filter(TestNode.Domain::active).toList());
            assertThat(guests.subList(0, active.size())).containsExactlyElementsOf(active);
            assertThat(guests.subList(active.size(), guests.size()))
                    .allMatch(guest -> guest.state() == GuestState.SHUT_OFF).hasSize(domains.size() - active.size());
        }
    }

    @Test
    void domainZeroIsTheHypervisorNotAGuest() throws Exception {
        Path node = directory.resolve("node.xml");
        List<TestNode.Domain> domains = TestNode.builder().domains(3).hostUuid(HOST_UUID).withDomain0().write(node);
        try (Backend backend = open(remote("test://" + node, HypervisorIdKind.UUID))) {
            List<Guest> guests = ((Inventory.Hosts) backend.collect()).hosts().get(0).guests();
            assertThat(guests).hasSize(3).noneMatch(guest -> guest.uuid().equals(TestNode.ZERO_UUID));
            assertThat(domains).anyMatch(domain -> domain.uuid().equals(TestNode.ZERO_UUID));
        }
    }

    @Test
    void localModeReportsThisMachinesGuestListFromTheDefaultUri() throws Exception {
        Path node = directory.resolve("node.xml");
        List<TestNode.Domain> domains = TestNode.write(node, 5, HOST_UUID, List.of(TestNode.RUNNING, TestNode.SHUT_OFF));
        Map<String, String> environment = Map.of("LIBVIRT_DEFAULT_URI", "test://" + node);
        try (Backend backend = new LibvirtBackendFactory().create(local(), new BackendContext(environment))) {
            Inventory.LocalGuests inventory = (Inventory.LocalGuests) backend.collect();
            assertThat(inventory.self().get(HypervisorIdKind.UUID)).contains(HOST_UUID);
            assertThat(inventory.guests()).containsExactlyInAnyOrderElementsOf(expected(domains));
        }
    }

    @Test
    void libvirtsDefaultTestDriverHasItsHostUuidOnlyInTheComputerNodeDevice() throws Exception {
        try (Backend backend = open(remote("test:///default", HypervisorIdKind.UUID))) {
            Host host = ((Inventory.Hosts) backend.collect()).hosts().get(0);
            assertThat(host.identity().get(HypervisorIdKind.UUID)).contains("11111111-2222-3333-4444-555555555555");
            assertThat(host.guests()).containsExactly(
                    new Guest("6695eb01-f6a4-8304-79aa-97f2502e193f", GuestState.RUNNING, "libvirt"));
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorAndTheNextCollectionTriesAgain() throws Exception {
        String uri = "test+tcp://127.0.0.1:1/default";
        try (Backend backend = open(remote(uri, HypervisorIdKind.UUID))) {
            assertThatThrownBy(backend::collect).isInstanceOf(BackendException.class)
                    .hasMessageStartingWith("Unable to connect to libvirt at '" + uri + "': ");
            assertThatThrownBy(backend::collect).isInstanceOf(BackendException.class);
        }
    }

    @Test
    void theStatusCheckConnectsListsAndFindsTheHostUuid() throws Exception {
        try (Backend backend = open(remote("test:///default", HypervisorIdKind.UUID))) {
            backend.check();
        }
        try (Backend backend = open(remote("test+tcp://127.0.0.1:1/default", HypervisorIdKind.UUID))) {
            assertThatThrownBy(backend::check).isInstanceOf(BackendException.class)
                    .hasMessageContaining("Unable to connect to libvirt");
        }
    }

    @Test
    void credentialsAnswerLibvirtsQuestionsAndHideThePassword() {
        LibvirtCredentials credentials = LibvirtCredentials.of(Optional.of("admin"), Optional.of(Secret.of("s3cret")))
                .orElseThrow();
        org.libvirt.ConnectAuth.Credential[] asked = {};
        assertThat(credentials.callback(asked)).isZero();
        assertThat(credentials.toString()).doesNotContain("s3cret").contains("admin");
        assertThat(LibvirtCredentials.of(Optional.of("admin"), Optional.empty())).isEmpty();
    }
}
