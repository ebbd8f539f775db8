package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.virtwho.backend.esx.FakeVcenter.await;
import static org.virtwho.backend.esx.FakeVcenter.resource;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Inventory;

/**
 * The source's conversation with a vCenter played by WireMock: what it asks, in which order, and how it recovers
 * when the server forgets its session or its version, stops answering, or is not a vCenter at all.
 */
class EsxConversationTest {
    private static final EsxTuning QUICK = new EsxTuning(1, 100, Duration.ofSeconds(3), Duration.ofMillis(100),
            Duration.ofMillis(500));
    private static final List<String> CONNECT = List.of("RetrieveServiceContent", "Login", "CreateContainerView",
            "CreatePropertyCollector", "CreateFilter");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final FakeVcenter vcenter = new FakeVcenter().session();
    private Backend backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        vcenter.close();
    }

    private List<Host> collect() throws BackendException {
        return ((Inventory.Hosts) backend.collect()).hosts();
    }

    private static Host named(List<Host> hosts, String name) {
        return hosts.stream().filter(host -> host.name().orElseThrow().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> uuids(Host host) {
        return host.guests().stream().map(Guest::uuid).toList();
    }

    /** Calls in order: each part is a call, or a list of them such as {@link #CONNECT}. */
    private static List<String> sequence(Object... parts) {
        return Arrays.stream(parts).flatMap(part -> part instanceof List<?> calls
                ? calls.stream().map(String.class::cast) : Stream.of((String) part)).toList();
    }

    @Test
    void aFirstCollectionConnectsAndReadsEverything() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        backend = vcenter.backend(QUICK);

        List<Host> hosts = collect();

        assertThat(vcenter.calls()).isEqualTo(sequence(CONNECT, "WaitForUpdatesEx()"));
        assertThat(hosts).extracting(host -> host.name().orElseThrow())
                .containsExactly("esx1.example.com", "esx2");
        Host esx1 = hosts.get(0);
        assertThat(esx1.identity().get(HypervisorIdKind.HWUUID)).contains("host-21");
        assertThat(esx1.guests()).containsExactly(
                new Guest("12345678-90ab-cdef-1234-567890abcdef", GuestState.RUNNING, "esx"),
                new Guest("420b1d5e-7a3c-4f2e-9d1b-2c3d4e5f6a7b", GuestState.PAUSED, "esx"));
        assertThat(esx1.facts()).containsExactly(
                entry(Facts.CPU_SOCKETS, "2"),
                entry(Facts.HYPERVISOR_TYPE, "VMware ESXi"),
                entry(Facts.SYSTEM_UUID, "4c4c4544-0042-3610-8053-b3c04f4d4e31"),
                entry(Facts.HYPERVISOR_CLUSTER, "Cluster/East%"),
                entry(Facts.HYPERVISOR_VERSION, "8.0.2"));
        assertThat(hosts.get(1).guests()).containsExactly(
                new Guest("420b1d5e-0000-4f2e-9d1b-000000000003", GuestState.SHUT_OFF, "esx"));
    }

    @Test
    void everyCallAfterTheLoginCarriesTheSessionCookieAndNoneBefore() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        backend = vcenter.backend(QUICK);

        collect();

        List<ServeEvent> requests = vcenter.requests();
        assertThat(requests.subList(0, 2)).allSatisfy(event ->
                assertThat(event.getRequest().containsHeader("Cookie")).isFalse());
        assertThat(requests.subList(2, requests.size())).isNotEmpty().allSatisfy(event ->
                assertThat(event.getRequest().getHeader("Cookie")).isEqualTo(FakeVcenter.SESSION_COOKIE));
    }

    @Test
    void aLaterCollectionAsksOnlyForTheChangesSinceTheLastVersion() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        vcenter.updates("1", resource("vm-1-powered-off.xml"));
        backend = vcenter.backend(QUICK);

        collect();
        List<Host> hosts = collect();

        assertThat(vcenter.calls()).isEqualTo(sequence(CONNECT, "WaitForUpdatesEx()", "WaitForUpdatesEx(1)"));
        assertThat(named(hosts, "esx1.example.com").guests()).extracting(Guest::state)
                .containsExactly(GuestState.SHUT_OFF, GuestState.PAUSED);
        assertThat(named(hosts, "esx2").guests()).hasSize(1);
    }

    @Test
    void aTruncatedAnswerIsContinuedAtOnceWithItsVersion() throws Exception {
        vcenter.updates("", resource("truncated-page-1.xml"));
        vcenter.updates("1:a", resource("truncated-page-2.xml"));
        backend = vcenter.backend(QUICK);

        List<Host> hosts = collect();

        assertThat(vcenter.calls()).isEqualTo(sequence(CONNECT, "WaitForUpdatesEx()", "WaitForUpdatesEx(1:a)"));
        assertThat(hosts).extracting(host -> host.name().orElseThrow()).containsExactly("esx1", "esx2");
        // host-21 came with the first page, one of its VMs with the second
        assertThat(uuids(named(hosts, "esx1"))).containsExactly(
                "420b1d5e-0000-4f2e-9d1b-000000000001", "420b1d5e-0000-4f2e-9d1b-000000000002");
        assertThat(uuids(named(hosts, "esx2"))).containsExactly("420b1d5e-0000-4f2e-9d1b-000000000003");
    }

    @Test
    void theNextCollectionAsksFromTheVersionTheLastPageEndedAt() throws Exception {
        vcenter.updates("", resource("truncated-page-1.xml"));
        vcenter.updates("1:a", resource("truncated-page-2.xml"));
        vcenter.noUpdates("1", Duration.ZERO);
        backend = vcenter.backend(QUICK);

        collect();
        collect();

        assertThat(vcenter.calls()).endsWith("WaitForUpdatesEx(1:a)", "WaitForUpdatesEx(1)");
    }

    @Test
    void aWaitThatOutlastsTheResponseTimeoutIsRetriedFromTheSameVersion() throws Exception {
        EsxTuning impatient = new EsxTuning(1, 100, Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofMillis(200));
        vcenter.updates("", resource("full-sync.xml"));
        vcenter.noUpdates("1", Duration.ofSeconds(4));
        backend = vcenter.backend(impatient);

        backend.watch(() -> { });
        await("two waits from version 1", PATIENCE, () -> vcenter.count("WaitForUpdatesEx(1)") >= 2);

        assertThatThrownBy(this::collect).isInstanceOf(BackendException.class)
                .hasMessageContaining("no answer from " + vcenter.url() + "/sdk within 2 s");

        List<String> calls = vcenter.calls();
        assertThat(calls).startsWith(sequence(CONNECT, "WaitForUpdatesEx()").toArray(String[]::new))
                .containsOnlyOnce("WaitForUpdatesEx()", "Login");
        assertThat(calls.subList(CONNECT.size() + 1, calls.size())).containsOnly("WaitForUpdatesEx(1)");
    }

    @Test
    void aWatchReportsAChangeAsSoonAsTheServerAnswersTheWait() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        vcenter.updates("1", resource("vm-1-powered-off.xml"), Duration.ofMillis(300));
        vcenter.noUpdates("2", Duration.ofMillis(500));
        AtomicInteger changes = new AtomicInteger();
        backend = vcenter.backend(QUICK);

        backend.watch(changes::incrementAndGet);
        await("the change", PATIENCE, () -> changes.get() >= 2);

        assertThat(named(collect(), "esx1.example.com").guests().get(0).state()).isEqualTo(GuestState.SHUT_OFF);
        assertThat(vcenter.calls()).startsWith(sequence(CONNECT, "WaitForUpdatesEx()", "WaitForUpdatesEx(1)")
                .toArray(String[]::new));
    }

    @Test
    void aForgottenVersionLeadsToAFullResynchronisationInTheSameSession() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        backend = vcenter.backend(QUICK);
        assertThat(collect()).hasSize(2);

        vcenter.faultFrom("1", "InvalidCollectorVersion", "The collector version is not valid.");
        vcenter.updates("", resource("full-sync-one-host.xml"));
        List<Host> hosts = collect();

        assertThat(vcenter.calls()).isEqualTo(sequence(CONNECT, "WaitForUpdatesEx()", "WaitForUpdatesEx(1)",
                "WaitForUpdatesEx()"));
        // replaced, not merged: host-22 is gone
        assertThat(hosts).singleElement().satisfies(host -> assertThat(uuids(host))
                .containsExactly("420b1d5e-0000-4f2e-9d1b-000000000001"));
    }

    @Test
    void aLostSessionLeadsToANewLoginCollectorFilterAndFullSynchronisation() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        backend = vcenter.backend(QUICK);
        collect();

        vcenter.faultFrom("1", "NotAuthenticated", "The session is not authenticated.");
        vcenter.updates("", resource("full-sync-one-host.xml"));
        List<Host> hosts = collect();

        assertThat(vcenter.calls()).isEqualTo(sequence(CONNECT, "WaitForUpdatesEx()", "WaitForUpdatesEx(1)",
                CONNECT, "WaitForUpdatesEx()"));
        assertThat(hosts).hasSize(1);
    }

    @Test
    void aFilterThatIsGoneIsCleanedUpAndCreatedAnew() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        backend = vcenter.backend(QUICK);
        collect();

        vcenter.faultFrom("1", "ManagedObjectNotFound", "The object has already been deleted or has not been "
                + "completely created");
        vcenter.updates("", resource("full-sync-one-host.xml"));
        List<Host> hosts = collect();

        List<String> calls = vcenter.calls();
        assertThat(calls.subList(CONNECT.size() + 2, calls.size())).isEqualTo(sequence(
                "CancelWaitForUpdates", "DestroyPropertyFilter", "DestroyPropertyCollector", "DestroyView",
                "Logout",
                CONNECT, "WaitForUpdatesEx()"));
        assertThat(hosts).hasSize(1);
    }

    @Test
    void aFaultThatKeepsComingBackIsReportedAfterThreeAttempts() throws Exception {
        vcenter.fault("CreateFilter", "InvalidProperty", "");
        backend = vcenter.backend(QUICK);

        assertThatThrownBy(this::collect).isInstanceOf(BackendException.class)
                .hasMessageContaining("answered with the fault InvalidProperty");
        assertThat(vcenter.count("CreateFilter")).isEqualTo(3);
    }

    @Test
    void shuttingDownAWatchCancelsTheWaitDestroysTheFilterCollectorAndViewAndLogsOut() throws Exception {
        vcenter.updates("", resource("full-sync.xml"));
        vcenter.noUpdates("1", Duration.ofMillis(800));
        backend = vcenter.backend(QUICK);
        backend.watch(() -> { });
        backend.collect();
        await("a wait for changes", PATIENCE, () -> vcenter.count("WaitForUpdatesEx(1)") >= 1);

        backend.close();
        backend = null;

        List<String> calls = vcenter.calls();
        assertThat(calls.subList(calls.size() - 5, calls.size())).containsExactly(
                "CancelWaitForUpdates", "DestroyPropertyFilter", "DestroyPropertyCollector", "DestroyView", "Logout");
        assertThat(calls).containsOnlyOnce("Logout");
        ServeEvent logout = vcenter.requests().get(calls.size() - 1);
        assertThat(logout.getRequest().getBodyAsString())
                .contains("<_this type=\"SessionManager\">SessionManager</_this>");
        assertThat(logout.getRequest().getHeader("Cookie")).isEqualTo(FakeVcenter.SESSION_COOKIE);
    }

    @Test
    void anHttpErrorWithAnHtmlPageNamesTheStatus() throws Exception {
        vcenter.htmlError(503, "Service Unavailable");
        backend = vcenter.backend(QUICK);

        assertThatThrownBy(this::collect).isInstanceOf(BackendException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining(vcenter.url() + "/sdk");
    }

    @Test
    void aCheckLogsInAndReadsOneProperty() throws Exception {
        backend = vcenter.backend(QUICK);

        backend.check();

        List<String> calls = vcenter.calls();
        assertThat(calls).containsSubsequence("RetrieveServiceContent", "Login", "RetrievePropertiesEx")
                .doesNotContain("WaitForUpdatesEx()");
        String read = vcenter.requests().get(calls.indexOf("RetrievePropertiesEx")).getRequest().getBodyAsString();
        assertThat(read).contains("<_this type=\"PropertyCollector\">propertyCollector</_this>")
                .contains("<pathSet>name</pathSet>")
                .contains("<obj type=\"Folder\">group-d1</obj>");
    }

    @Test
    void aCheckWithAWrongPasswordSaysSo() throws Exception {
        vcenter.fault("Login", "InvalidLogin", "Cannot complete login due to an incorrect user name or password.");
        backend = vcenter.backend(QUICK);

        assertThatThrownBy(backend::check).isInstanceOf(BackendException.class)
                .hasMessageContaining("the user name or password is wrong")
                .hasMessageContaining(EsxSections.USER);
    }
}
