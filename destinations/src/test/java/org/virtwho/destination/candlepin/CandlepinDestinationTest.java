package org.virtwho.destination.candlepin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtwho.config.Secret;
import org.virtwho.http.HttpSettings;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/**
 * The destination against a Candlepin played by WireMock over HTTPS, every request checked against the
 * server's own OpenAPI description. Waits are recorded, not slept.
 */
class CandlepinDestinationTest {
    static final String PASSWORD = "Candlepin-S3cret";
    static final String JOB = "8a8d01f47a0f3e0b017a0f4a5b6c0042";
    static final String CREATED = """
            {"id":"%s","key":"HypervisorUpdateJob","name":"Hypervisor Update","group":null,"state":"CREATED",
             "previousState":"CREATED","statusPath":"/jobs/%s","resultData":null,"created":"2024-05-01T10:15:30+0000"}
            """.formatted(JOB, JOB);
    static final String FINISHED = """
            {"id":"%s","state":"FINISHED","resultData":{"created":[{"uuid":"u-1","name":"esx-1"}],
             "updated":[],"unchanged":[{"uuid":"u-2","name":"esx-2"}],"failedUpdate":[]}}
            """.formatted(JOB);

    static final String STATUS = """
            {"mode":"NORMAL","result":true,"version":"5.0.3","release":"1","standalone":true,
             "managerCapabilities":["cores","hypervisors_async","hypervisors_heartbeat","syspurpose"]}
            """;

    private WireMockServer server;
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper recorder = waits::add;
    private final Patience patience = new Patience(3, Duration.ofMinutes(5), Duration.ofSeconds(1),
            Duration.ofSeconds(15), Duration.ofMinutes(10));

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true));
        server.start();
        Contracts.validate(server);
        server.stubFor(get(urlPathEqualTo("/candlepin/status")).willReturn(okJson(STATUS)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private Duration responseTimeout = Duration.ofSeconds(10);

    private CandlepinTarget target(String owner) {
        // WireMock's own certificate is self-signed: TLS verification is the HTTP core's tests' business.
        HttpSettings http = HttpSettings.defaults("RHSM/1.0 (cmd=virt-who) virt-who/test").withInsecure(true)
                .withTimeouts(Duration.ofSeconds(5), responseTimeout);
        return new CandlepinTarget(URI.create("https://127.0.0.1:" + server.httpsPort() + "/candlepin"), http,
                new Credentials.Basic("admin", Secret.of(PASSWORD)), Optional.ofNullable(owner));
    }

    private Delivery deliver(Report... reports) throws Exception {
        try (CandlepinDestination destination = new CandlepinDestination(target("ACME"), "reporter-1",
                new BackPressure(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60),
                        java.time.Clock.systemUTC(), () -> 0.5), patience, recorder)) {
            return destination.deliver(List.of(reports));
        }
    }

    static Report.HostGuestMapping mapping(String source, String... hypervisorIds) {
        List<Hypervisor> hypervisors = new ArrayList<>();
        for (String id : hypervisorIds) {
            hypervisors.add(new Hypervisor(id, Optional.of(id + ".example.com"), List.of(
                    new Guest(id + "-guest-b", GuestState.SHUT_OFF, "esx"),
                    new Guest(id + "-guest-a", GuestState.RUNNING, "esx")), Map.of("cpu.cpu_socket(s)", "2")));
        }
        return new Report.HostGuestMapping(source, hypervisors);
    }

    private void checkInAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? "done" : "answer-" + (i + 1);
            server.stubFor(post(urlPathEqualTo("/candlepin/hypervisors/ACME")).inScenario("check-in")
                    .whenScenarioStateIs(state).willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private void jobFinishes() {
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/" + JOB)).inScenario("job")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(CREATED.replace("\"CREATED\",\n \"previousState\"", "\"RUNNING\",\n \"previousState\"")))
                .willSetStateTo("finished"));
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/" + JOB)).inScenario("job")
                .whenScenarioStateIs("finished").willReturn(okJson(FINISHED)));
    }

    @Test
    void oneCheckInMergesEverySectionAndTheJobIsFollowedToTheEnd() throws Exception {
        checkInAnswers(okJson(CREATED));
        jobFinishes();
        Delivery delivery = deliver(mapping("vcenter-1", "esx-1"), mapping("vcenter-2", "esx-2"));
        assertThat(delivery.problems()).isEmpty();
        server.verify(1, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME"))
                .withQueryParam("reporter_id", equalTo("reporter-1"))
                .withHeader("Content-Type", containing("text/plain"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Basic YWRtaW46Q2FuZGxlcGluLVMzY3JldA=="))
                .withHeader("User-Agent", equalTo("RHSM/1.0 (cmd=virt-who) virt-who/test"))
                .withHeader("X-Correlation-ID", matching("[0-9a-f]{32}")));
        String body = server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getMethod().getName().equals("POST"))
                .findFirst().orElseThrow().getRequest().getBodyAsString();
        assertThat(body).isEqualTo(CheckinBody.of(List.of(mapping("vcenter-1", "esx-1"), mapping("vcenter-2", "esx-2"))));
        assertThat(body.indexOf("esx-1-guest-a")).isLessThan(body.indexOf("esx-1-guest-b"));
        server.verify(2, getRequestedFor(urlPathEqualTo("/candlepin/jobs/" + JOB)).withQueryParam("result_data", equalTo("true")));
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void tooManyRequestsWaitsAsTheServerSays() throws Exception {
        checkInAnswers(aResponse().withStatus(429).withHeader("Retry-After", "17"), okJson(CREATED));
        jobFinishes();
        assertThat(deliver(mapping("vcenter", "esx-1")).accepted()).isTrue();
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(17));
        server.verify(2, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
    }

    @Test
    void serverErrorsAndResetConnectionsAreRetriedWithGrowingPauses() throws Exception {
        checkInAnswers(aResponse().withStatus(503), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                okJson(CREATED));
        jobFinishes();
        assertThat(deliver(mapping("vcenter", "esx-1")).accepted()).isTrue();
        assertThat(waits.subList(0, 2)).allSatisfy(wait -> assertThat(wait).isPositive());
        assertThat(waits.get(1)).isGreaterThan(waits.get(0));
    }

    @Test
    void aServerThatStaysDownIsGivenUpOnWithinTheRun() throws Exception {
        checkInAnswers(aResponse().withStatus(500), aResponse().withStatus(502), aResponse().withStatus(503));
        Delivery delivery = deliver(mapping("vcenter", "esx-1"));
        assertThat(delivery.accepted()).isFalse();
        assertThat(delivery.problems()).singleElement().asString().contains("giving up for this run after 3 attempts");
        server.verify(3, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
    }

    @Test
    void badCredentialsAreReportedOnceAndNotHammered() throws Exception {
        checkInAnswers(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Invalid Credentials\",\"requestUuid\":\"r-1\"}"));
        Delivery delivery = deliver(mapping("vcenter", "esx-1"));
        assertThat(delivery.problems()).singleElement().asString()
                .contains("Check-in of 'vcenter' to owner 'ACME'", "Invalid Credentials")
                .doesNotContain(PASSWORD);
        server.verify(1, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
        assertThat(waits).isEmpty();
    }

    @Test
    void anUnknownOwnerIsNamed() throws Exception {
        checkInAnswers(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Owner with ID(s) ACME could not be found.\"}"));
        assertThat(deliver(mapping("vcenter", "esx-1")).problems()).singleElement().asString()
                .contains("owner 'ACME'", "could not be found");
    }

    @Test
    void aBlockedJobIsSentAgainLater() throws Exception {
        String blocked = """
                {"id":"%s","state":"FAILED","resultData":"Job blocked by the following existing jobs: 4242"}
                """.formatted(JOB);
        checkInAnswers(okJson(blocked), okJson(CREATED));
        jobFinishes();
        assertThat(deliver(mapping("vcenter", "esx-1")).accepted()).isTrue();
        server.verify(2, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
    }

    @Test
    void hostsTheServerCouldNotUpdateFailTheDelivery() throws Exception {
        checkInAnswers(okJson(CREATED));
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/" + JOB)).willReturn(okJson("""
                {"id":"%s","state":"FINISHED","resultData":{"created":[],"updated":[],"unchanged":[],
                 "failedUpdate":["esx-9: Unable to find hypervisor with id esx-9 in org ACME"]}}
                """.formatted(JOB))));
        assertThat(deliver(mapping("vcenter", "esx-9")).problems()).singleElement().asString()
                .isEqualTo("Error during update list of guests: esx-9: Unable to find hypervisor with id esx-9 in org ACME");
    }

    @Test
    void aFailedJobFailsTheDelivery() throws Exception {
        checkInAnswers(okJson(CREATED));
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/" + JOB)).willReturn(okJson("""
                {"id":"%s","state":"FAILED","resultData":"Hypervisor update attempted against non-existent org"}
                """.formatted(JOB))));
        assertThat(deliver(mapping("vcenter", "esx-1")).problems()).singleElement().asString()
                .contains("ended FAILED: Hypervisor update attempted against non-existent org");
    }

    @Test
    void malformedAndSlowAnswersAreTreatedAsServerFaults() throws Exception {
        responseTimeout = Duration.ofSeconds(2);
        checkInAnswers(aResponse().withStatus(200).withBody("<html>proxy error</html>"),
                aResponse().withStatus(200).withFixedDelay(4_000).withBody(CREATED), okJson(CREATED));
        jobFinishes();
        assertThat(deliver(mapping("vcenter", "esx-1")).accepted()).isTrue();
        server.verify(3, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
    }

    @Test
    void aServerWithoutAsynchronousCheckInsIsTooOld() throws Exception {
        server.stubFor(get(urlPathEqualTo("/candlepin/status"))
                .willReturn(okJson("{\"result\":true,\"version\":\"0.9.0\",\"managerCapabilities\":[\"cores\"]}")));
        assertThat(deliver(mapping("vcenter", "esx-1")).problems()).singleElement().asString()
                .contains("hypervisors_async", "too old");
        server.verify(0, postRequestedFor(urlPathMatching(".*/hypervisors/.*")));
    }

    @Test
    void aHeartbeatIsSentWhenTheServerOffersIt() throws Exception {
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/ACME/heartbeat"))
                .willReturn(okJson("{\"id\":\"hb-1\",\"state\":\"CREATED\",\"resultData\":null}")));
        try (CandlepinDestination destination = new CandlepinDestination(target("ACME"), "reporter-1", patience,
                recorder)) {
            assertThat(destination.heartbeat()).isTrue();
        }
        server.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/candlepin/hypervisors/ACME/heartbeat")).withQueryParam("reporter_id", equalTo("reporter-1")));

        server.stubFor(get(urlPathEqualTo("/candlepin/status"))
                .willReturn(okJson("{\"result\":true,\"version\":\"2.0\",\"managerCapabilities\":[\"hypervisors_async\"]}")));
        try (CandlepinDestination destination = new CandlepinDestination(target("ACME"), "reporter-1", patience,
                recorder)) {
            assertThat(destination.heartbeat()).isTrue();
        }
        server.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/candlepin/hypervisors/ACME/heartbeat")));
    }

    @Test
    void aMappingWithoutOwnerIsAConfigurationProblem() throws Exception {
        try (CandlepinDestination destination = new CandlepinDestination(target(null), "r", patience, recorder)) {
            assertThat(destination.deliver(List.of(mapping("fake", "h-1"))).problems()).singleElement().asString()
                    .contains("set 'owner' in section(s) 'fake'");
        }
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aGuestListNeedsTheConsumerCertificate() throws Exception {
        Report.GuestList list = new Report.GuestList("local", Optional.of("self"), List.of(
                new Guest("g-1", GuestState.RUNNING, "libvirt")));
        assertThat(deliver(list).problems()).singleElement().asString().contains("consumer certificate");
        server.verify(0, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathMatching(".*")));
    }
}
