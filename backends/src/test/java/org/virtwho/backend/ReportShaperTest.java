package org.virtwho.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceTls;
import org.virtwho.config.SourceType;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.HostIdentity;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Inventory;
import org.virtwho.model.Report;

class ReportShaperTest {
    private static final Guest GUEST = new Guest("g-1", GuestState.RUNNING, "esx");

    private static Host host(String uuid, String hostname, String hwuuid) {
        Map<HypervisorIdKind, String> ids = new java.util.EnumMap<>(HypervisorIdKind.class);
        ids.put(HypervisorIdKind.UUID, uuid);
        ids.put(HypervisorIdKind.HOSTNAME, hostname);
        ids.put(HypervisorIdKind.HWUUID, hwuuid);
        return new Host(HostIdentity.of(ids), Optional.of(hostname == null ? "unnamed" : hostname), List.of(GUEST),
                Map.of("hypervisor.type", "VMware ESXi"));
    }

    private static SourceConfig config(HypervisorIdKind id, HostFilter filter) {
        return new SourceConfig("vcenter", Path.of("/etc/virt-who.d/vcenter.conf"), SourceType.ESX,
                SourceConfig.SmType.SAM, id, "https://vcenter", Optional.of("admin"), Optional.empty(),
                Optional.of("ACME"), filter, RhsmOverrides.NONE, Optional.empty(),
                new BackendOptions.Esx("https://vcenter", true, List.of(), List.of(), SourceTls.VERIFIED));
    }

    private static List<String> ids(Report report) {
        return ((Report.HostGuestMapping) report).hypervisors().stream().map(Hypervisor::hypervisorId).toList();
    }

    private final Inventory.Hosts inventory = new Inventory.Hosts(List.of(
            host("uuid-1", "esx-1.example.com", "host-1"),
            host("uuid-2", "esx-2.example.com", "host-2"),
            host("uuid-3", null, "host-3")));

    @Test
    void hypervisorIdPicksWhichIdentityIsReported() {
        assertThat(ids(new ReportShaper(config(HypervisorIdKind.UUID, HostFilter.NONE)).shape(inventory)))
                .containsExactly("uuid-1", "uuid-2", "uuid-3");
        assertThat(ids(new ReportShaper(config(HypervisorIdKind.HWUUID, HostFilter.NONE)).shape(inventory)))
                .containsExactly("host-1", "host-2", "host-3");
    }

    @Test
    void aHostWithoutTheChosenIdentityIsLeftOut() {
        assertThat(ids(new ReportShaper(config(HypervisorIdKind.HOSTNAME, HostFilter.NONE)).shape(inventory)))
                .containsExactly("esx-1.example.com", "esx-2.example.com");
    }

    @Test
    void excludeHostsAppliesBeforeFilterHosts() {
        HostFilter filter = new HostFilter(List.of("esx-*"), List.of("esx-2*"), Optional.of(HostFilter.Type.WILDCARDS));
        assertThat(ids(new ReportShaper(config(HypervisorIdKind.HOSTNAME, filter)).shape(inventory)))
                .containsExactly("esx-1.example.com");
    }

    @Test
    void filtersMatchTheReportedIdNotTheName() {
        HostFilter filter = new HostFilter(List.of("uuid-3"), List.of(), Optional.empty());
        assertThat(ids(new ReportShaper(config(HypervisorIdKind.UUID, filter)).shape(inventory)))
                .containsExactly("uuid-3");
    }

    @Test
    void aHypervisorKeepsNameGuestsAndFacts() {
        Report report = new ReportShaper(config(HypervisorIdKind.UUID, HostFilter.NONE)).shape(inventory);
        Hypervisor first = ((Report.HostGuestMapping) report).hypervisors().get(0);
        assertThat(first).isEqualTo(new Hypervisor("uuid-1", Optional.of("esx-1.example.com"), List.of(GUEST),
                Map.of("hypervisor.type", "VMware ESXi")));
        assertThat(report.source()).isEqualTo("vcenter");
    }

    @Test
    void localGuestsBecomeAGuestListWithTheHostIdWhenKnown() {
        Inventory.LocalGuests local = new Inventory.LocalGuests(
                HostIdentity.of(Map.of(HypervisorIdKind.UUID, "self-uuid")), List.of(GUEST));
        Report report = new ReportShaper(config(HypervisorIdKind.UUID, HostFilter.NONE)).shape(local);
        assertThat(report).isEqualTo(new Report.GuestList("vcenter", Optional.of("self-uuid"), List.of(GUEST)));
    }
}
