package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.backend.ReportShaper;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.SourceTls;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Inventory;
import org.virtwho.model.Report;

/**
 * Upstream's recorded ESX answers ({@code shared/fixtures/esx/}, beside the repository, never copied into it),
 * replayed by WireMock: the mapping we make of them, and the change the second update set brings.
 */
class UpstreamRecordingsTest {
    private static final Path FIXTURES = Path.of("shared", "fixtures", "esx");
    private static final EsxTuning QUICK = new EsxTuning(1, 100, Duration.ofSeconds(5), Duration.ofMillis(100),
            Duration.ofMillis(500));
    private static final String HOST_NAME = "localhost百度.localdomain";
    private static final String VM_1 = "9844af5d-101b-40ea-a125-8bf1a02f888b";
    private static final String VM_2 = "640bb2fe-fa3b-48cb-89d0-193c13b15663";
    private static final String VM_3 = "c0667b9d-64e1-480c-8b82-c1b1c06614e7";

    private FakeVcenter esx;
    private Backend backend;

    /** The fixtures sit beside the repository, whichever module directory the tests run in. */
    private static Path fixtures() {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(FIXTURES);
            if (Files.isRegularFile(candidate.resolve("esx_waitforupdatesexresponse_0.xml"))) {
                return candidate;
            }
        }
        String why = "no " + FIXTURES + " in " + start + " or any directory above it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return fail(why + "; CI=true requires the shared fixtures");
        }
        return Assumptions.abort(why + "; skipping the replay of upstream's recorded ESX answers");
    }

    private static byte[] recorded(Path fixtures, String name) {
        try {
            return Files.readAllBytes(fixtures.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void replay() throws Exception {
        Path fixtures = fixtures();
        esx = new FakeVcenter();
        esx.answer("RetrieveServiceContent", recorded(fixtures, "esx_retrieveservicecontent.xml"));
        esx.login(recorded(fixtures, "esx_loginresponse.xml"));
        // upstream used the server's own collector, so it recorded no answer to this
        esx.answer("CreateContainerView", FakeVcenter.createContainerViewResponse());
        esx.answer("CreatePropertyCollector", FakeVcenter.createPropertyCollectorResponse());
        esx.answer("CreateFilter", recorded(fixtures, "esx_createfilterresponse.xml"));
        esx.updates("", recorded(fixtures, "esx_waitforupdatesexresponse_0.xml"));
        esx.updates("1", recorded(fixtures, "esx_waitforupdatesexresponse_1.xml"));
        esx.answer("CancelWaitForUpdates", recorded(fixtures, "esx_cancelwaitforupdatesexresponse.xml"));
        esx.answer("DestroyPropertyFilter", recorded(fixtures, "esx_destroypropertyfilterresponse.xml"));
        esx.answer("DestroyPropertyCollector", FakeVcenter.emptyResponse("DestroyPropertyCollector"));
        esx.answer("DestroyView", FakeVcenter.emptyResponse("DestroyView"));
        esx.answer("Logout", recorded(fixtures, "esx_logoutresponse.xml"));
        backend = esx.backend(QUICK);
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        if (esx != null) {
            esx.close();
        }
    }

    private List<Host> collect() throws Exception {
        return ((Inventory.Hosts) backend.collect()).hosts();
    }

    private List<String> reportedIds(List<Host> hosts, HypervisorIdKind id) {
        ReportShaper shaper = new ReportShaper(EsxSections.section(esx.url(), SourceTls.VERIFIED, id, List.of(),
                List.of(), EsxSections.PASSWORD));
        Report.HostGuestMapping report = (Report.HostGuestMapping) shaper.shape(new Inventory.Hosts(hosts));
        return report.hypervisors().stream().map(Hypervisor::hypervisorId).toList();
    }

    private static Host host(List<Host> hosts, String managedObjectId) {
        return hosts.stream().filter(host -> host.identity().get(HypervisorIdKind.HWUUID).orElseThrow()
                .equals(managedObjectId)).findFirst().orElseThrow();
    }

    private static Guest running(String uuid) {
        return new Guest(uuid, GuestState.RUNNING, "esx");
    }

    @Test
    void theFirstAnswerMapsToFourHostsInTheirOrderWithTheirUnicodeNames() throws Exception {
        List<Host> hosts = collect();

        assertThat(hosts).extracting(host -> host.identity().get(HypervisorIdKind.HWUUID).orElseThrow())
                .containsExactly("ha-host", "ha-host2", "ha-host3", "ha-host4");
        assertThat(hosts).allSatisfy(host -> {
            assertThat(host.name()).contains(HOST_NAME);
            assertThat(host.identity().get(HypervisorIdKind.HOSTNAME)).contains(HOST_NAME);
        });
    }

    @Test
    void theFirstAnswersGuestsAreOnTheFirstHostAllRunning() throws Exception {
        List<Host> hosts = collect();

        assertThat(host(hosts, "ha-host").guests()).containsExactly(running(VM_1), running(VM_2), running(VM_3));
        assertThat(host(hosts, "ha-host2").guests()).isEmpty();
        assertThat(host(hosts, "ha-host3").guests()).isEmpty();
        assertThat(host(hosts, "ha-host4").guests()).isEmpty();
    }

    @Test
    void theFirstAnswersFactsAreUpstreamsWithTheClusterAndNoVersion() throws Exception {
        List<Host> hosts = collect();

        assertThat(host(hosts, "ha-host").facts()).containsExactly(
                entry(Facts.CPU_SOCKETS, "1"),
                entry(Facts.HYPERVISOR_TYPE, "vmware"),
                entry(Facts.SYSTEM_UUID, "5627a268-f036-4f5d-b9a3-0183ec736913"),
                entry(Facts.HYPERVISOR_CLUSTER, "ha-cluster-1"));
        assertThat(host(hosts, "ha-host4").facts()).containsExactly(
                entry(Facts.CPU_SOCKETS, "1"),
                entry(Facts.HYPERVISOR_TYPE, "vmware"),
                entry(Facts.HYPERVISOR_CLUSTER, "ha-cluster-1"));
    }

    @Test
    void theHostWithoutAUuidIsLeftOutOnlyWhenHostsAreKnownByUuid() throws Exception {
        List<Host> hosts = collect();

        assertThat(reportedIds(hosts, HypervisorIdKind.UUID)).containsExactly(
                "5627a268-f036-4f5d-b9a3-0183ec736913", "4172853d-e72a-493a-883b-8761f5daa5eb",
                "a2c85a15-9b53-493d-9731-8b5cccdd8951");
        assertThat(reportedIds(hosts, HypervisorIdKind.HWUUID))
                .containsExactly("ha-host", "ha-host2", "ha-host3", "ha-host4");
    }

    @Test
    void theSecondAnswerIsAskedForWithTheFirstOnesVersion() throws Exception {
        collect();
        collect();

        assertThat(esx.calls()).containsExactly("RetrieveServiceContent", "Login", "CreateContainerView",
                "CreatePropertyCollector", "CreateFilter", "WaitForUpdatesEx()", "WaitForUpdatesEx(1)");
        String second = esx.requests().get(6).getRequest().getBodyAsString();
        assertThat(second).contains("<version>1</version>")
                .contains("<_this type=\"PropertyCollector\">session[52c4f1a8]52b0e9c4</_this>");
    }

    @Test
    void theSecondAnswerMovesTheGuestsAndPowersOneOff() throws Exception {
        collect();
        List<Host> hosts = collect();

        assertThat(host(hosts, "ha-host").guests())
                .containsExactly(running(VM_2), new Guest(VM_3, GuestState.SHUT_OFF, "esx"));
        assertThat(host(hosts, "ha-host2").guests()).containsExactly(running(VM_1));
        assertThat(host(hosts, "ha-host3").guests()).isEmpty();
    }

    @Test
    void theSecondAnswerChangesOnlyWhatItNames() throws Exception {
        collect();
        List<Host> hosts = collect();

        // It leaves out the socket counts and ha-host4; both stay as the first answer had them.
        assertThat(hosts).extracting(host -> host.identity().get(HypervisorIdKind.HWUUID).orElseThrow())
                .containsExactly("ha-host", "ha-host2", "ha-host3", "ha-host4");
        assertThat(host(hosts, "ha-host").facts()).containsEntry(Facts.CPU_SOCKETS, "1");
    }

    @Test
    void closingSaysGoodbyeEvenThoughTheRecordedLogoutAnswerIsUnreadable() throws Exception {
        // upstream's recorded LogoutResponse uses the soapenv prefix without declaring it
        collect();

        backend.close();
        backend = null;

        assertThat(esx.calls()).endsWith("CancelWaitForUpdates", "DestroyPropertyFilter", "DestroyPropertyCollector",
                "DestroyView", "Logout");
    }
}
