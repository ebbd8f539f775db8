package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.virtwho.backend.esx.Updates.CLUSTER;
import static org.virtwho.backend.esx.Updates.HOST;
import static org.virtwho.backend.esx.Updates.VM;
import static org.virtwho.backend.esx.Updates.assign;
import static org.virtwho.backend.esx.Updates.assignRef;
import static org.virtwho.backend.esx.Updates.enter;
import static org.virtwho.backend.esx.Updates.host;
import static org.virtwho.backend.esx.Updates.inventory;
import static org.virtwho.backend.esx.Updates.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtwho.backend.esx.ObjectUpdate.Change;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;

/** The inventory as upstream reports it: names, identities, guests and facts of each host. */
class HostMapperTest {
    private static final HostMapper MAPPER = new HostMapper(new ParentFilter("vcenter", List.of(), List.of()));
    private static final String HOST_UUID = "4c4c4544-0042-3610-8053-b3c04f4d4e31";

    private static List<Host> map(ObjectUpdate... updates) {
        return MAPPER.map(inventory(updates)).hosts();
    }

    /** One host, host-21, named esx1, with the given extra properties and no VMs. */
    private static Host onlyHost(Change... properties) {
        List<Host> hosts = map(host("host-21", "esx1", HOST_UUID, List.of(), properties));
        assertThat(hosts).hasSize(1);
        return hosts.get(0);
    }

    private static List<Guest> guestsOf(List<String> vmIds, ObjectUpdate... vms) {
        List<ObjectUpdate> updates = new ArrayList<>(Arrays.asList(vms));
        updates.add(host("host-21", "esx1", HOST_UUID, vmIds));
        return map(updates.toArray(ObjectUpdate[]::new)).get(0).guests();
    }

    @Test
    void aHostIsKnownByItsUuidItsManagedObjectIdAndItsFullName() {
        Host host = onlyHost(assign("config.network.dnsConfig.domainName", "example.com"));

        assertThat(host.name()).contains("esx1.example.com");
        assertThat(host.identity().get(HypervisorIdKind.UUID)).contains(HOST_UUID);
        assertThat(host.identity().get(HypervisorIdKind.HWUUID)).contains("host-21");
        assertThat(host.identity().get(HypervisorIdKind.HOSTNAME)).contains("esx1.example.com");
    }

    @Test
    void aHostNameWithoutADomainHasNoDot() {
        assertThat(onlyHost().name()).contains("esx1");
        assertThat(onlyHost(assign("config.network.dnsConfig.domainName", "")).name()).contains("esx1");
    }

    @Test
    void aHostWithoutAHostNameIsLeftOut() {
        List<Host> hosts = map(
                enter(HOST, "host-20", assign("hardware.systemInfo.uuid", "uuid-20"), assign("name", "esx0")),
                host("host-21", "esx1", HOST_UUID, List.of()));

        assertThat(hosts).extracting(Host::name).containsExactly(Optional.of("esx1"));
    }

    @Test
    void aHostWithoutAUuidHasNoUuidIdentityNorSystemUuidFact() {
        Host host = map(enter(HOST, "host-21", assign("config.network.dnsConfig.hostName", "esx1"))).get(0);

        assertThat(host.identity().get(HypervisorIdKind.UUID)).isEmpty();
        assertThat(host.identity().get(HypervisorIdKind.HWUUID)).contains("host-21");
        assertThat(host.facts()).doesNotContainKey(Facts.SYSTEM_UUID);
    }

    @Test
    void hostsAreReportedInTheOrderTheyEntered() {
        List<Host> hosts = map(
                host("host-9", "zulu", "uuid-9", List.of()),
                host("host-10", "alpha", "uuid-10", List.of()),
                host("host-1", "mike", "uuid-1", List.of()));

        assertThat(hosts).extracting(host -> host.name().orElseThrow()).containsExactly("zulu", "alpha", "mike");
    }

    @Test
    void everyFactInUpstreamsOrder() {
        List<Host> hosts = map(
                enter(CLUSTER, "domain-c7", assign("name", "Production")),
                host("host-21", "esx1", HOST_UUID, List.of(),
                        // given in another order than reported
                        assign("config.product.version", "8.0.2"),
                        assignRef("parent", CLUSTER, "domain-c7"),
                        assign("config.product.name", "VMware ESXi"),
                        assign("hardware.cpuInfo.numCpuPackages", "2")));

        assertThat(hosts.get(0).facts()).containsExactly(
                entry(Facts.CPU_SOCKETS, "2"),
                entry(Facts.HYPERVISOR_TYPE, "VMware ESXi"),
                entry(Facts.SYSTEM_UUID, HOST_UUID),
                entry(Facts.HYPERVISOR_CLUSTER, "Production"),
                entry(Facts.HYPERVISOR_VERSION, "8.0.2"));
    }

    @Test
    void theHypervisorTypeIsVmwareWhenTheServerDoesNotNameItsProduct() {
        assertThat(onlyHost().facts()).containsEntry(Facts.HYPERVISOR_TYPE, "vmware");
    }

    @Test
    void theVersionIsReportedOnlyWhenTheServerGivesOne() {
        assertThat(onlyHost().facts()).doesNotContainKey(Facts.HYPERVISOR_VERSION);
        assertThat(onlyHost(assign("config.product.version", "")).facts()).doesNotContainKey(Facts.HYPERVISOR_VERSION);
    }

    @Test
    void theSocketCountIsLeftOutWhenTheServerDoesNotGiveIt() {
        assertThat(onlyHost().facts()).containsOnlyKeys(Facts.HYPERVISOR_TYPE, Facts.SYSTEM_UUID);
    }

    @Test
    void aStandaloneHostsComputeResourceIsNoCluster() {
        List<Host> hosts = map(
                enter("ComputeResource", "domain-s9", assign("name", "esx9.example.com")),
                host("host-21", "esx1", HOST_UUID, List.of(), assignRef("parent", "ComputeResource", "domain-s9")));

        assertThat(hosts.get(0).facts()).doesNotContainKey(Facts.HYPERVISOR_CLUSTER);
    }

    @Test
    void aClusterWhoseNameIsNotKnownGivesNoClusterFact() {
        assertThat(onlyHost(assignRef("parent", CLUSTER, "domain-c7")).facts())
                .doesNotContainKey(Facts.HYPERVISOR_CLUSTER);
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @CsvSource(delimiter = '|', value = {
        "Cluster%2fEast%25 | Cluster/East%",
        "a+b               | a+b",
        "Back%5cslash      | Back\\slash",
        "Back%5Cslash      | Back\\slash",
        "100%              | 100%",
        "50%zz             | 50%zz",
        "%e6%97%a5%e6%9c%ac | 日本",
        "日本 %2f 東       | 日本 / 東",
        "plain             | plain"})
    void theClusterNameIsPercentDecodedAsPythonsUnquoteDoes(String name, String reported) {
        List<Host> hosts = map(
                enter(CLUSTER, "domain-c7", assign("name", name)),
                host("host-21", "esx1", HOST_UUID, List.of(), assignRef("parent", CLUSTER, "domain-c7")));

        assertThat(hosts.get(0).facts()).containsEntry(Facts.HYPERVISOR_CLUSTER, reported);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "poweredOn,  RUNNING",
        "suspended,  PAUSED",
        "poweredOff, SHUT_OFF",
        "unknown,    UNKNOWN",
        "'',         UNKNOWN"})
    void powerStatesBecomeGuestStates(String powerState, GuestState state) {
        List<Guest> guests = guestsOf(List.of("vm-1"), vm("vm-1", "uuid-1", powerState));

        assertThat(guests).containsExactly(new Guest("uuid-1", state, "esx"));
    }

    @Test
    void aVmWithoutAPowerStateIsUnknown() {
        List<Guest> guests = guestsOf(List.of("vm-1"), enter(VM, "vm-1", assign("config.uuid", "uuid-1")));

        assertThat(guests).containsExactly(new Guest("uuid-1", GuestState.UNKNOWN, "esx"));
    }

    @Test
    void guestsAreInTheHostsOwnOrderNotTheOrderTheyEntered() {
        List<Guest> guests = guestsOf(List.of("vm-3", "vm-1", "vm-2"),
                vm("vm-1", "uuid-1", "poweredOn"), vm("vm-2", "uuid-2", "poweredOn"), vm("vm-3", "uuid-3", "poweredOn"));

        assertThat(guests).extracting(Guest::uuid).containsExactly("uuid-3", "uuid-1", "uuid-2");
    }

    @Test
    void vmsWithoutOrWithABlankConfigUuidAreLeftOut() {
        List<Guest> guests = guestsOf(List.of("vm-1", "vm-2", "vm-3"),
                enter(VM, "vm-1", assign("runtime.powerState", "poweredOn")),
                vm("vm-2", "  ", "poweredOn"),
                vm("vm-3", "uuid-3", "poweredOn"));

        assertThat(guests).extracting(Guest::uuid).containsExactly("uuid-3");
    }

    @Test
    void aVmTheHostNamesButTheFilterHasNotSeenIsLeftOut() {
        List<Guest> guests = guestsOf(List.of("vm-1", "vm-gone"), vm("vm-1", "uuid-1", "poweredOff"));

        assertThat(guests).containsExactly(new Guest("uuid-1", GuestState.SHUT_OFF, "esx"));
    }

    @Test
    void theUuidOfAVmOfHardwareVersion13OrLaterIsByteSwapped() {
        List<Guest> guests = guestsOf(List.of("vm-1", "vm-2"),
                enter(VM, "vm-1", assign("config.uuid", "78563412-AB90-EFCD-1234-567890ABCDEF"),
                        assign("config.version", "vmx-13")),
                enter(VM, "vm-2", assign("config.uuid", "78563412-AB90-EFCD-1234-567890ABCDEF"),
                        assign("config.version", "vmx-12")));

        assertThat(guests).extracting(Guest::uuid)
                .containsExactly("12345678-90AB-CDEF-1234-567890ABCDEF", "78563412-AB90-EFCD-1234-567890ABCDEF");
    }

    @Test
    void hostsWhoseParentIsFilteredOutAreLeftOut() {
        HostMapper mapper = new HostMapper(new ParentFilter("vcenter", List.of("domain-c*"), List.of("c8")));
        VsphereInventory inventory = inventory(
                host("host-1", "in-c7", "uuid-1", List.of(), assignRef("parent", CLUSTER, "domain-c7")),
                host("host-2", "in-c8", "uuid-2", List.of(), assignRef("parent", CLUSTER, "domain-c8")),
                host("host-3", "standalone", "uuid-3", List.of(), assignRef("parent", "ComputeResource", "domain-s9")),
                host("host-4", "orphan", "uuid-4", List.of()));

        assertThat(mapper.map(inventory).hosts()).extracting(host -> host.name().orElseThrow())
                .containsExactly("in-c7");
    }
}
