package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.virtwho.backend.esx.Updates.CLUSTER;
import static org.virtwho.backend.esx.Updates.HOST;
import static org.virtwho.backend.esx.Updates.VM;
import static org.virtwho.backend.esx.Updates.add;
import static org.virtwho.backend.esx.Updates.assign;
import static org.virtwho.backend.esx.Updates.assignNothing;
import static org.virtwho.backend.esx.Updates.assignRef;
import static org.virtwho.backend.esx.Updates.enter;
import static org.virtwho.backend.esx.Updates.indirectRemove;
import static org.virtwho.backend.esx.Updates.inventory;
import static org.virtwho.backend.esx.Updates.leave;
import static org.virtwho.backend.esx.Updates.modify;
import static org.virtwho.backend.esx.Updates.remove;
import static org.virtwho.backend.esx.Updates.vm;
import static org.virtwho.backend.esx.Updates.vms;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtwho.backend.esx.ObjectUpdate.Change;

/** Update sets applied to the inventory: objects entering, changing and leaving the filter. */
class VsphereInventoryTest {

    private static List<String> vmIds(VsphereInventory inventory, String hostId) {
        return inventory.hosts().get(hostId).vms.stream().map(MoRef::value).toList();
    }

    @Test
    void aHostEntersWithEveryPropertyTheFilterAsksFor() {
        VsphereInventory inventory = inventory(enter(HOST, "host-21",
                assign("name", "esx1.example.com"),
                vms("vm-1", "vm-2"),
                assign("hardware.systemInfo.uuid", "4c4c4544-0042-3610-8053-b3c04f4d4e31"),
                assign("hardware.cpuInfo.numCpuPackages", "2"),
                assignRef("parent", CLUSTER, "domain-c7"),
                assign("config.product.name", "VMware ESXi"),
                assign("config.product.version", "8.0.2"),
                assign("config.network.dnsConfig.hostName", "esx1"),
                assign("config.network.dnsConfig.domainName", "example.com")));

        VsphereInventory.HostSystem host = inventory.hosts().get("host-21");
        assertThat(host.name).isEqualTo("esx1.example.com");
        assertThat(host.vms).containsExactly(new MoRef(VM, "vm-1"), new MoRef(VM, "vm-2"));
        assertThat(host.uuid).isEqualTo("4c4c4544-0042-3610-8053-b3c04f4d4e31");
        assertThat(host.cpuPackages).isEqualTo("2");
        assertThat(host.parent).isEqualTo(new MoRef(CLUSTER, "domain-c7"));
        assertThat(host.productName).isEqualTo("VMware ESXi");
        assertThat(host.productVersion).isEqualTo("8.0.2");
        assertThat(host.hostName).isEqualTo("esx1");
        assertThat(host.domainName).isEqualTo("example.com");
    }

    @Test
    void aModifyChangesOnlyThePropertiesItNames() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", assign("config.product.version", "7.0.3"),
                        assign("hardware.cpuInfo.numCpuPackages", "2")),
                modify(HOST, "host-21", assign("config.product.version", "8.0.2")));

        VsphereInventory.HostSystem host = inventory.hosts().get("host-21");
        assertThat(host.productVersion).isEqualTo("8.0.2");
        assertThat(host.cpuPackages).isEqualTo("2");
    }

    @Test
    void aHostThatLeavesIsForgotten() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", assign("name", "esx1")),
                enter(HOST, "host-22", assign("name", "esx2")),
                leave(HOST, "host-21"));

        assertThat(inventory.hosts()).containsOnlyKeys("host-22");
    }

    @Test
    void hostsKeepTheOrderInWhichTheyEnteredWhateverChangesLater() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-9", assign("name", "c")),
                enter(HOST, "host-10", assign("name", "a")),
                enter(HOST, "host-1", assign("name", "b")),
                modify(HOST, "host-9", assign("name", "d")));

        assertThat(inventory.hosts().keySet()).containsExactly("host-9", "host-10", "host-1");
    }

    @Test
    void aHostThatLeavesAndComesBackIsLast() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-1"), enter(HOST, "host-2"), leave(HOST, "host-1"), enter(HOST, "host-1"));

        assertThat(inventory.hosts().keySet()).containsExactly("host-2", "host-1");
    }

    static Stream<Arguments> changesThatEmptyTheVmList() {
        return Stream.of(
                Arguments.of("assign without a value", assignNothing("vm")),
                Arguments.of("remove", remove("vm")),
                Arguments.of("indirectRemove", indirectRemove("vm")),
                Arguments.of("assign of an empty list", vms()));
    }

    /** Upstream ignores the first and the third and keeps reporting the VM on its old host; we do not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void changesThatEmptyTheVmList(String what, Change change) {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", vms("vm-1")),
                modify(HOST, "host-21", change));

        assertThat(inventory.hosts().get("host-21").vms).isEmpty();
    }

    @Test
    void whenItsLastVmMigratesAwayAHostHasNoVmsLeft() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", vms("vm-1")),
                enter(HOST, "host-22", vms()),
                // vCenter reports the list that became empty as an assign without a value
                modify(HOST, "host-21", assignNothing("vm")),
                modify(HOST, "host-22", vms("vm-1")));

        assertThat(vmIds(inventory, "host-21")).isEmpty();
        assertThat(vmIds(inventory, "host-22")).containsExactly("vm-1");
    }

    @Test
    void anAddAppendsToTheVmList() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", vms("vm-1")),
                modify(HOST, "host-21", add("vm", new PropertyValue.Ref(new MoRef(VM, "vm-2")))),
                modify(HOST, "host-21", add("vm", new PropertyValue.Refs(List.of(new MoRef(VM, "vm-3"))))));

        assertThat(vmIds(inventory, "host-21")).containsExactly("vm-1", "vm-2", "vm-3");
    }

    @Test
    void anIndirectRemoveClearsAHostProperty() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", assignRef("parent", CLUSTER, "domain-c7"),
                        assign("config.product.version", "8.0.2")),
                modify(HOST, "host-21", indirectRemove("parent"), indirectRemove("config.product.version")));

        VsphereInventory.HostSystem host = inventory.hosts().get("host-21");
        assertThat(host.parent).isNull();
        assertThat(host.productVersion).isNull();
    }

    @Test
    void anAssignWithoutAValueClearsATextProperty() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", assign("config.network.dnsConfig.domainName", "example.com")),
                modify(HOST, "host-21", assignNothing("config.network.dnsConfig.domainName")));

        assertThat(inventory.hosts().get("host-21").domainName).isNull();
    }

    @Test
    void aVmEntersChangesAndLeaves() {
        VsphereInventory inventory = inventory(enter(VM, "vm-1", assign("config.uuid", "uuid-1"),
                assign("config.version", "vmx-19"), assign("runtime.powerState", "poweredOn")));
        assertThat(inventory.vm("vm-1")).hasValueSatisfying(vm -> {
            assertThat(vm.uuid).isEqualTo("uuid-1");
            assertThat(vm.hardwareVersion).isEqualTo("vmx-19");
            assertThat(vm.powerState).isEqualTo("poweredOn");
        });

        inventory.apply(modify(VM, "vm-1", assign("runtime.powerState", "suspended")));
        assertThat(inventory.vm("vm-1")).hasValueSatisfying(vm -> {
            assertThat(vm.powerState).isEqualTo("suspended");
            assertThat(vm.uuid).isEqualTo("uuid-1");
        });

        inventory.apply(leave(VM, "vm-1"));
        assertThat(inventory.vm("vm-1")).isEmpty();
        assertThat(inventory.vmCount()).isZero();
    }

    @Test
    void aVmPropertyCanBeRemoved() {
        VsphereInventory inventory = inventory(vm("vm-1", "uuid-1", "poweredOn"),
                modify(VM, "vm-1", remove("runtime.powerState")));

        assertThat(inventory.vm("vm-1").orElseThrow().powerState).isNull();
    }

    @Test
    void aClusterEntersIsRenamedAndLeaves() {
        VsphereInventory inventory = inventory(enter(CLUSTER, "domain-c7", assign("name", "Production")));
        assertThat(inventory.clusterName("domain-c7")).contains("Production");

        inventory.apply(modify(CLUSTER, "domain-c7", assign("name", "Prod")));
        assertThat(inventory.clusterName("domain-c7")).contains("Prod");

        inventory.apply(leave(CLUSTER, "domain-c7"));
        assertThat(inventory.clusterName("domain-c7")).isEmpty();
    }

    @Test
    void objectsTheTraversalOnlyPassesThroughAreNotKept() {
        VsphereInventory inventory = inventory(
                enter("Folder", "group-d1", assign("name", "Datacenters")),
                enter("Datacenter", "datacenter-2", assign("name", "DC")),
                enter("ResourcePool", "resgroup-8", assign("name", "Resources")));

        assertThat(inventory.hosts()).isEmpty();
        assertThat(inventory.vmCount()).isZero();
        assertThat(inventory.clusterName("group-d1")).isEmpty();
    }

    @Test
    void propertiesNotAskedForAreIgnored() {
        VsphereInventory inventory = inventory(
                enter(HOST, "host-21", assign("summary.overallStatus", "green"), assign("name", "esx1")),
                enter(VM, "vm-1", assign("guest.hostName", "web"), assign("config.uuid", "uuid-1")));

        assertThat(inventory.hosts().get("host-21").name).isEqualTo("esx1");
        assertThat(inventory.vm("vm-1").orElseThrow().uuid).isEqualTo("uuid-1");
    }
}
