package org.virtwho.backend.hyperv;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtwho.backend.hyperv.FakeWinrm.fixture;
import static org.virtwho.backend.hyperv.FakeWinrm.one;
import static org.virtwho.backend.hyperv.FakeWinrm.select;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.Inventory;

/** Collections against a WinRM service played by WireMock, and the exact requests they send. */
class HypervBackendTest {
    private static final String V1 = "root/virtualization";
    private static final String V2 = "root/virtualization/v2";
    private static final String CIMV2 = "root/cimv2";
    private static final List<Guest> GUESTS = List.of(
            new Guest("12345678-90AB-CDEF-1234-567890ABCDEF", GuestState.RUNNING, "hyperv"),
            new Guest("11223344-5566-7788-99AA-BBCCDDEEFF00", GuestState.PM_SUSPENDED, "hyperv"),
            new Guest("AABBCCDD-EEFF-0011-2233-445566778899", GuestState.UNKNOWN, "hyperv"));

    private static WireMockServer server;
    private static FakeWinrm winrm;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        winrm = new FakeWinrm(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/wsman";
    }

    @Test
    void modernHostAnswersEachQueryInOneRoundTrip() throws Exception {
        winrm.modernHost();
        try (Backend backend = HypervSources.backend(url())) {
            Inventory.Hosts inventory = (Inventory.Hosts) backend.collect();

            Host host = inventory.hosts().get(0);
            assertThat(inventory.hosts()).hasSize(1);
            assertThat(host.identity().get(HypervisorIdKind.UUID)).contains("44454C4C-4200-1036-8057-B4C04F4B4E32");
            assertThat(host.identity().get(HypervisorIdKind.HOSTNAME)).contains("hv01");
            assertThat(host.name()).contains("hv01");
            assertThat(host.facts()).containsExactly(
                    Map.entry(Facts.CPU_SOCKETS, "2"),
                    Map.entry(Facts.HYPERVISOR_TYPE, "hyperv"),
                    Map.entry(Facts.HYPERVISOR_VERSION, "10.0.20348.2340"),
                    Map.entry(Facts.SYSTEM_UUID, "44454C4C-4200-1036-8057-B4C04F4B4E32"));
            assertThat(host.guests()).isEqualTo(GUESTS);
            // v1 (fault), v2, summary, vmms, computer system, product: no Pull at all.
            assertThat(actions()).containsExactly(enumerate(V1), enumerate(V2), summaryAction(V2),
                    enumerate(CIMV2), enumerate(CIMV2), enumerate(CIMV2));

            server.resetRequests();
            backend.collect();
            assertThat(actions()).as("the v2 namespace is remembered").containsExactly(enumerate(V2),
                    summaryAction(V2), enumerate(CIMV2), enumerate(CIMV2), enumerate(CIMV2));
        }
    }

    @Test
    void pullsWithTheContextUntilEndOfSequenceInTheSameNamespace() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 200, fixture("machines-context-only.xml"));
        winrm.pull("uuid:CONTEXT-1", fixture("machines-pull-1.xml"));
        winrm.pull("uuid:CONTEXT-2", fixture("machines-pull-2.xml"));
        winrm.summary(V1, 200, FakeWinrm.summaryOf(V1));
        winrm.hostQueries();
        try (Backend backend = HypervSources.backend(url())) {
            Inventory.Hosts inventory = (Inventory.Hosts) backend.collect();

            assertThat(inventory.hosts().get(0).guests()).isEqualTo(GUESTS);
        }
        List<LoggedRequest> requests = winrm.requests();
        assertThat(actions()).startsWith(enumerate(V1), Wsman.PULL + " " + Wsman.queryResource(V1),
                Wsman.PULL + " " + Wsman.queryResource(V1), summaryAction(V1));
        assertThat(one(requests.get(1), "/s:Envelope/s:Body/n:Pull/n:EnumerationContext")).isEqualTo("uuid:CONTEXT-1");
        assertThat(one(requests.get(2), "/s:Envelope/s:Body/n:Pull/n:EnumerationContext")).isEqualTo("uuid:CONTEXT-2");
        assertThat(one(requests.get(2), "/s:Envelope/s:Body/n:Pull/n:MaxElements")).isEqualTo("32000");
    }

    @Test
    void enumerateAsksForAnOptimizedBatchWithTheWqlFilter() throws Exception {
        winrm.modernHost();
        try (Backend backend = HypervSources.backend(url())) {
            backend.collect();
        }
        List<LoggedRequest> requests = winrm.requests();
        LoggedRequest v2 = requests.get(1);
        assertThat(v2.getHeader("Content-Type")).isEqualTo("application/soap+xml; charset=UTF-8");
        assertThat(one(v2, "/s:Envelope/s:Header/a:To")).isEqualTo(url());
        assertThat(one(v2, "/s:Envelope/s:Header/a:ReplyTo/a:Address")).isEqualTo(Wsman.ANONYMOUS);
        assertThat(one(v2, "/s:Envelope/s:Header/w:ResourceURI"))
                .isEqualTo("http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*");
        assertThat(one(v2, "/s:Envelope/s:Header/w:ResourceURI/@s:mustUnderstand")).isEqualTo("true");
        assertThat(one(v2, "/s:Envelope/s:Header/w:MaxEnvelopeSize")).isEqualTo("512000");
        assertThat(one(v2, "/s:Envelope/s:Body/n:Enumerate/w:Filter/@Dialect"))
                .isEqualTo("http://schemas.microsoft.com/wbem/wsman/1/WQL");
        assertThat(one(v2, "/s:Envelope/s:Body/n:Enumerate/w:Filter")).isEqualTo("select BIOSGUID, "
                + "VirtualSystemIdentifier from Msvm_VirtualSystemSettingData where VirtualSystemType = "
                + "'Microsoft:Hyper-V:System:Realized'");
        assertThat(select(v2, "/s:Envelope/s:Body/n:Enumerate/w:OptimizeEnumeration")).hasSize(1);
        assertThat(one(v2, "/s:Envelope/s:Body/n:Enumerate/w:MaxElements")).isEqualTo("32000");
        assertThat(one(requests.get(0), "/s:Envelope/s:Body/n:Enumerate/w:Filter")).isEqualTo("select BIOSGUID, "
                + "VirtualSystemIdentifier from Msvm_VirtualSystemSettingData where SettingType = 3");
        assertThat(one(requests.get(3), "/s:Envelope/s:Body/n:Enumerate/w:Filter")).isEqualTo(
                "select * from CIM_Datafile where Path = '\\\\windows\\\\system32\\\\' and FileName='vmms'");
        assertThat(one(requests.get(4), "/s:Envelope/s:Body/n:Enumerate/w:Filter"))
                .isEqualTo("select DNSHostName, NumberOfProcessors from Win32_ComputerSystem");
        assertThat(one(requests.get(5), "/s:Envelope/s:Body/n:Enumerate/w:Filter"))
                .isEqualTo("select UUID from Win32_ComputerSystemProduct");
        assertThat(requests.stream().map(r -> one(r, "/s:Envelope/s:Header/a:MessageID")).distinct())
                .as("every message has its own id").hasSize(requests.size());
    }

    @Test
    void getSummaryInformationNamesTheServiceAndTheRequestedInformation() throws Exception {
        winrm.modernHost();
        try (Backend backend = HypervSources.backend(url())) {
            backend.collect();
        }
        LoggedRequest summary = winrm.requests().get(2);
        String service = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
                + "Msvm_VirtualSystemManagementService";
        assertThat(one(summary, "/s:Envelope/s:Header/a:Action")).isEqualTo(service + "/GetSummaryInformation");
        assertThat(one(summary, "/s:Envelope/s:Header/w:ResourceURI")).isEqualTo(service);
        assertThat(select(summary, "/s:Envelope/s:Header/w:SelectorSet/w:Selector/@Name"))
                .containsExactly("CreationClassName", "SystemCreationClassName");
        assertThat(select(summary, "/s:Envelope/s:Header/w:SelectorSet/w:Selector"))
                .containsExactly("Msvm_VirtualSystemManagementService", "Msvm_ComputerSystem");
        assertThat(select(summary, "/s:Envelope/s:Body/*[local-name()='GetSummaryInformation_INPUT' and "
                + "namespace-uri()='" + service + "']/*[local-name()='RequestedInformation' and namespace-uri()='"
                + service + "']")).containsExactly("0", "1", "100");
    }

    @Test
    void statusCheckReadsOnlyTheHostUuid() throws Exception {
        winrm.hostQueries();
        try (Backend backend = HypervSources.backend(url())) {
            backend.check();
        }
        assertThat(winrm.requests()).singleElement().satisfies(request -> assertThat(
                one(request, "/s:Envelope/s:Body/n:Enumerate/w:Filter"))
                .isEqualTo("select UUID from Win32_ComputerSystemProduct"));
    }

    @Test
    void hostWithoutAnyVirtualizationNamespace() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 500, fixture("fault-invalid-namespace.xml"));
        winrm.query(V2, VirtualizationNamespace.V2.machinesQuery(), 500, fixture("fault-invalid-namespace.xml"));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::collect).hasMessage("Hyper-V at " + url() + " has no WMI namespace "
                    + "root/virtualization/v2 (nor root/virtualization): is the Hyper-V role installed on this host?");
        }
    }

    @Test
    void accessDeniedNamesTheUserAndTheGroups() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 500, fixture("fault-access-denied.xml"));
        winrm.query(V2, VirtualizationNamespace.V2.machinesQuery(), 500, fixture("fault-access-denied.xml"));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::collect).hasMessage("Hyper-V at " + url() + " denied user "
                    + "'EXAMPLE\\virtwho' access to WMI namespace root/virtualization/v2: the user must be a member "
                    + "of the local Administrators group, or of 'Remote Management Users' and 'Hyper-V "
                    + "Administrators' with the Remote Enable permission on root/cimv2 and root/virtualization/v2 "
                    + "(Access is denied. [AccessDenied, code 5]).");
        }
    }

    @Test
    void lostEnumerationContext() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 200, fixture("machines-context-only.xml"));
        server.stubFor(FakeWinrm.wsman().withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
                .containing(Wsman.PULL)).willReturn(FakeWinrm.soap(400, fixture("fault-invalid-context.xml"))));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::collect).hasMessage("Hyper-V at " + url() + " ended the query 'select "
                    + "BIOSGUID, VirtualSystemIdentifier from Msvm_VirtualSystemSettingData where SettingType = 3' "
                    + "before all its results were read (its enumeration context expired or the WinRM service "
                    + "restarted); the next collection starts it anew.");
        }
    }

    @Test
    void quotaExceeded() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 200, fixture("machines-optimized.xml"));
        winrm.summary(V1, 500, fixture("fault-quota.xml"));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::collect).hasMessageStartingWith("Hyper-V at " + url() + " refused the "
                    + "request of user 'EXAMPLE\\virtwho' because a WinRM quota is exceeded (The WS-Management "
                    + "service cannot process the request. This user is allowed a maximum number of 25 concurrent "
                    + "operations, which has been exceeded.")
                    .hasMessageEndingWith("raise the WinRM service quotas such as MaxConcurrentOperationsPerUser, "
                            + "or let fewer clients query this host.");
        }
    }

    @Test
    void anyOtherFaultInTheServicesWords() throws Exception {
        winrm.query(V1, VirtualizationNamespace.V1.machinesQuery(), 200, fixture("machines-optimized.xml"));
        winrm.summary(V1, 500, fixture("fault-other.xml"));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::collect).hasMessage("Hyper-V at " + url() + " failed GetSummaryInformation "
                    + "in root/virtualization: The WS-Management service cannot process the request because the "
                    + "request contained invalid selectors for the resource. [InvalidSelectors]");
        }
    }

    @Test
    void httpErrorWithoutFault() throws Exception {
        server.stubFor(FakeWinrm.wsman().willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .aResponse().withStatus(503).withBody("busy")));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::check).hasMessage("Communication with Hyper-V at " + url()
                    + " failed, HTTP error 503 Service Unavailable.");
        }
    }

    @Test
    void answerThatIsNoSoap() throws Exception {
        server.stubFor(FakeWinrm.wsman().willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .aResponse().withStatus(200).withBody("<html><body>It works!</body></html>")));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::check).hasMessageStartingWith("Hyper-V at " + url() + " answered the query "
                    + "'select UUID from Win32_ComputerSystemProduct' with something that is not a WS-Management "
                    + "response: ");
        }
    }

    @Test
    void unreachableServer() throws Exception {
        try (Backend backend = HypervSources.backend("http://127.0.0.1:1/wsman")) {
            assertThatThrownBy(backend::check).hasMessageStartingWith("Unable to connect to Hyper-V at "
                    + "http://127.0.0.1:1/wsman: ");
        }
    }

    private static List<String> actions() {
        return winrm.requests().stream().map(request -> one(request, "/s:Envelope/s:Header/a:Action") + " "
                + one(request, "/s:Envelope/s:Header/w:ResourceURI")).toList();
    }

    private static String enumerate(String namespace) {
        return Wsman.ENUMERATE + " " + Wsman.queryResource(namespace);
    }

    private static String summaryAction(String namespace) {
        String service = Wsman.classResource(namespace, "Msvm_VirtualSystemManagementService");
        return service + "/GetSummaryInformation " + service;
    }
}
