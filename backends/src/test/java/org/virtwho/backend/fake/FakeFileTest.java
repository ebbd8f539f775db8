package org.virtwho.backend.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.BackendException;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Inventory;

class FakeFileTest {
    @TempDir
    Path directory;

    private Path write(String json) throws IOException {
        Path file = directory.resolve("fake.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsHypervisorsWithNameGuestsAndFactsInOrder() throws Exception {
        Path file = write("""
                {"hypervisors": [
                  {"hypervisorId": {"hypervisorId": "h-1"}, "name": "esx-1", "extra": [1, {"x": 2}],
                   "guestIds": [
                     {"guestId": "g-2", "state": 5, "attributes": {"virtWhoType": "esx", "active": 0}},
                     {"guestId": "g-1", "state": 1}],
                   "facts": {"cpu.cpu_socket(s)": "4", "hypervisor.version": 2, "ratio": 1.5, "flag": true}},
                  {"hypervisorId": {"hypervisorId": "h-2"}, "guestIds": [], "name": null, "facts": null}
                ]}""");
        Inventory.Hosts hosts = FakeFile.read(file).hosts();
        assertThat(hosts.hosts()).hasSize(2);
        Host first = hosts.hosts().get(0);
        assertThat(first.identity().get(HypervisorIdKind.HOSTNAME)).contains("h-1");
        assertThat(first.name()).contains("esx-1");
        assertThat(first.guests()).containsExactly(
                new Guest("g-2", GuestState.SHUT_OFF, "esx"),
                new Guest("g-1", GuestState.RUNNING, "fake"));
        assertThat(first.facts()).containsExactly(Map.entry("cpu.cpu_socket(s)", "4"),
                Map.entry("hypervisor.version", 2), Map.entry("ratio", 1.5), Map.entry("flag", true));
        Host second = hosts.hosts().get(1);
        assertThat(second.name()).isEqualTo(Optional.empty());
        assertThat(second.facts()).isEmpty();
    }

    @Test
    void aGuestListFileHasOneEntryWithoutHypervisorId() throws Exception {
        Path file = write("""
                {"hypervisors": [{"guestIds": [{"guestId": "g-1", "state": 3}]}]}""");
        Inventory.LocalGuests local = FakeFile.read(file).localGuests();
        assertThat(local.guests()).containsExactly(new Guest("g-1", GuestState.PAUSED, "fake"));
        assertThat(local.self().get(HypervisorIdKind.UUID)).isEmpty();
    }

    @Test
    void aGuestListRefusesAHypervisorId() throws Exception {
        Path file = write("""
                {"hypervisors": [{"hypervisorId": {"hypervisorId": "h"}, "guestIds": []}]}""");
        assertThatThrownBy(() -> FakeFile.read(file).localGuests())
                .isInstanceOf(BackendException.class)
                .hasMessage("Fake virt file '" + file + "' is not properly formed: uuid key shouldn't be present, "
                        + "try to check is_hypervisor value");
    }

    @Test
    void malformedFilesSayWhatIsWrongAndWhere() throws Exception {
        for (var bad : List.of(
                Map.entry("{\"hypervisors\": {}}", "\"hypervisors\" must be a list, not an object"),
                Map.entry("{}", "missing key 'hypervisors'"),
                Map.entry("{\"hypervisors\": [{\"hypervisorId\": {\"hypervisorId\": \"h\"}}]}", "missing key 'guestIds'"),
                Map.entry("{\"hypervisors\": [{\"guestIds\": [{\"guestId\": \"g\", \"state\": 9}]}]}",
                        "guest g: guest state must be a number from 0 to 7, not 9"),
                Map.entry("{\"hypervisors\": [{\"guestIds\": [{\"guestId\": \"g\", \"state\": \"1\"}]}]}",
                        "\"state\" must be a whole number, not a string"),
                Map.entry("{\"hypervisors\": [{\"guestIds\": [{\"state\": 1}]}]}", "missing key 'guestId'"))) {
            Path file = write(bad.getKey());
            assertThatThrownBy(() -> FakeFile.read(file).hosts().hosts().size())
                    .as(bad.getKey())
                    .isInstanceOf(BackendException.class)
                    .hasMessageEndingWith(bad.getValue());
        }
    }

    @Test
    void invalidJsonNamesTheFileAndLine() throws Exception {
        Path file = write("{\"hypervisors\": [\n  {,}\n]}");
        assertThatThrownBy(() -> FakeFile.read(file))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("Can't read fake '" + file + "' virt data: line 2: ");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path file = directory.resolve("absent.json");
        assertThatThrownBy(() -> FakeFile.read(file))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("NoSuchFileException");
    }
}
