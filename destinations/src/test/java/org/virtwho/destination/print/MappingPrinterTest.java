package org.virtwho.destination.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/** Print mode's document, compared as exact text with files written as upstream prints them. */
class MappingPrinterTest {

    private static String print(List<Report> reports) throws IOException {
        StringWriter out = new StringWriter();
        new MappingPrinter().print(reports, out);
        return out.toString();
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = MappingPrinterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void libvirtRemoteMappingAsUpstreamPrintsIt() throws IOException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cpu.cpu_socket(s)", "2");
        facts.put("hypervisor.type", "TEST");
        facts.put("hypervisor.version", 2);
        facts.put("dmi.system.uuid", "11111111-2222-3333-4444-555555555555");
        Hypervisor hypervisor = new Hypervisor("11111111-2222-3333-4444-555555555555", Optional.of("vm"),
                List.of(new Guest("6695eb01-f6a4-8304-79aa-97f2502e193f", GuestState.RUNNING, "libvirt")), facts);
        assertThat(print(List.of(new Report.HostGuestMapping("remote", List.of(hypervisor)))))
                .isEqualTo(expected("libvirt-remote.json"));
    }

    @Test
    void emptyNameAndFactsAreLeftOutAndGuestsKeepTheirOrder() throws IOException {
        Hypervisor hypervisor = new Hypervisor("h-1", Optional.of(""), List.of(
                new Guest("g-b", GuestState.SHUT_OFF, "esx"),
                new Guest("g-a", GuestState.PAUSED, "esx")), Map.of());
        assertThat(print(List.of(new Report.HostGuestMapping("esx", List.of(hypervisor)))))
                .isEqualTo(expected("no-name-no-facts.json"));
    }

    @Test
    void everySectionIsMergedIntoOneListAndAGuestListHasOnlyItsGuests() throws IOException {
        Report first = new Report.HostGuestMapping("one", List.of(
                new Hypervisor("h-1", Optional.empty(), List.of(), Map.of())));
        Report local = new Report.GuestList("local", Optional.of("self"), List.of(
                new Guest("g-1", GuestState.RUNNING, "libvirt")));
        assertThat(print(List.of(first, local))).isEqualTo(expected("merged.json"));
    }

    @Test
    void nothingToPrintIsAnEmptyList() throws IOException {
        assertThat(print(List.of(new Report.HostGuestMapping("empty", List.of()))))
                .isEqualTo("{\n    \"hypervisors\": []\n}\n");
    }
}
