package org.virtwho.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.Backends;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.RhsmSettings;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;
import org.virtwho.destination.candlepin.TargetResolver;

/** Status mode against fake sections and a Candlepin played by WireMock over HTTPS. */
class StatusModeTest {
    static final String RHSM_PASSWORD = "Rhsm-S3cret-pw";
    static final String SOURCE_PASSWORD = "Source-S3cret-pw";
    static final String STATUS = """
            {"mode":"NORMAL","result":true,"version":"5.0.3","release":"1",
             "managerCapabilities":["cores","hypervisors_async","hypervisors_heartbeat"]}
            """;
    static final String HEARTBEAT_JOB = """
            {"id":"hb-1","key":"HypervisorHeartbeatUpdateJob","state":"CREATED","resultData":null}
            """;
    static final String FAKE = """
            {"hypervisors": [{"hypervisorId": {"hypervisorId": "esx-1"}, "name": "esx-1.example.com",
              "guestIds": [{"guestId": "g-1", "state": 1, "attributes": {"virtWhoType": "esx", "active": 1}}]}]}
            """;

    @TempDir
    Path directory;

    private WireMockServer server;
    private RunStateFile runState;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true));
        server.start();
        server.stubFor(get(urlPathEqualTo("/candlepin/status")).willReturn(okJson(STATUS)));
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/ACME/heartbeat")).willReturn(okJson(HEARTBEAT_JOB)));
        Files.writeString(directory.resolve("fake.json"), FAKE);
        runState = new RunStateFile(directory.resolve("state/run_data.json"), RunStateFileTest.CLOCK);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private TargetResolver targets(int port) {
        RhsmSettings rhsm = new RhsmSettings("127.0.0.1", port, "/candlepin", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true, 10, directory.resolve("ca"),
                directory.resolve("consumer"));
        return new TargetResolver(rhsm, Map.of(), "RHSM/1.0 (cmd=virt-who) virt-who/test");
    }

    private StatusMode mode(boolean json, int port) {
        return new StatusMode(Backends.discover(), new BackendContext(Map.of()), targets(port), runState, json,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), RunStateFileTest.CLOCK);
    }

    private StatusMode mode(boolean json) {
        return mode(json, server.httpsPort());
    }

    private static RhsmOverrides basic() {
        return new RhsmOverrides(Optional.of("admin"), Optional.of(Secret.of(RHSM_PASSWORD)), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private SourceConfig fake(String name, String file, String owner) {
        return section(name, SourceType.FAKE, "", owner, new BackendOptions.Fake(directory.resolve(file), true));
    }

    private SourceConfig section(String name, SourceType type, String server, String owner, BackendOptions options) {
        return new SourceConfig(name, directory.resolve("virt-who.conf"), type, SourceConfig.SmType.SAM,
                HypervisorIdKind.UUID, server, Optional.of("administrator"), Optional.of(Secret.of(SOURCE_PASSWORD)),
                Optional.ofNullable(owner), HostFilter.NONE, basic(), Optional.empty(), options);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAccessibleOwnerAndAReadableSourceSucceedWithTheRunData() {
        runState.recordRetrieve("fake-hv", 1, 1);
        runState.recordSend("fake-hv", Optional.of("job-42"), "FINISHED");

        int code = mode(true).run(List.of(fake("fake-hv", "fake.json", "ACME")));

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("""
                {
                    "configurations": [
                        {
                            "name": "fake-hv",
                            "source": {
                                "connection": null,
                                "status": "success",
                                "last_successful_retrieve": "2024-05-01 10:15:30 UTC",
                                "hypervisors": 1,
                                "guests": 1
                            },
                            "destination": {
                                "connection": "127.0.0.1",
                                "status": "success",
                                "last_successful_send": "2024-05-01 10:15:30 UTC",
                                "last_successful_send_job_status": "FINISHED"
                            }
                        }
                    ]
                }
                """);
        server.verify(1, putRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME/heartbeat"))
                .withQueryParam("reporter_id", equalTo("status_test"))
                .withHeader("Authorization", equalTo("Basic YWRtaW46UmhzbS1TM2NyZXQtcHc=")));
        // Status mode reports nothing, and records nothing.
        assertThat(server.getAllServeEvents()).allMatch(event -> !event.getRequest().getMethod().getName().equals("POST"));
        assertThat(runState.read().sources()).containsOnlyKeys("fake-hv");
    }

    @Test
    void theTableColoursEachWord() {
        int code = mode(false).run(List.of(fake("fake-hv", "fake.json", "ACME"),
                fake("broken", "missing.json", "ACME")));
        assertThat(code).isEqualTo(1);
        assertThat(out()).isEqualTo("""
                +-------------------------------------------+
                           Configuration Status
                +-------------------------------------------+
                Configuration Name: fake-hv
                Source Status: \033[1;32msuccess\033[0;0m
                Destination Status: \033[1;32msuccess\033[0;0m

                Configuration Name: broken
                Source Status: \033[1;31mfailure\033[0;0m
                Destination Status: \033[1;32msuccess\033[0;0m


                """);
    }

    @Test
    void anUnknownOwnerIsNotAccessible() {
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/NOPE/heartbeat")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Owner with ID(s) NOPE could not be found.\",\"requestUuid\":\"r-1\"}")));

        StatusReport report = mode(true).check(List.of(fake("fake-hv", "fake.json", "NOPE")));

        StatusReport.Section section = report.sections().get(0);
        assertThat(section.source().succeeded()).isTrue();
        assertThat(section.destination().message()).contains("Specified owner 'NOPE' is not accessible.");
        assertThat(section.destination().connection()).isEqualTo("127.0.0.1");
        assertThat(report.allSucceeded()).isFalse();
    }

    @Test
    void badCredentialsAndABusyServerAreReportedAsUpstreamWordsThem() {
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/LOCKED/heartbeat")).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Invalid Credentials\",\"requestUuid\":\"r-2\"}")));
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/BUSY/heartbeat")).willReturn(aResponse()
                .withStatus(429).withHeader("Retry-After", "120")));

        StatusReport report = mode(true).check(List.of(fake("locked", "fake.json", "LOCKED"),
                fake("busy", "fake.json", "BUSY")));

        assertThat(report.sections().get(0).destination().message()).contains("Error during status connection: the "
                + "heartbeat for owner 'LOCKED' at https://127.0.0.1:" + server.httpsPort() + "/candlepin failed: the "
                + "server refused the credentials (rhsm_username/rhsm_password or the consumer certificate): Invalid "
                + "Credentials.");
        assertThat(report.sections().get(1).destination().message()).contains("429 encountered during status "
                + "connection: the heartbeat for owner 'BUSY' at https://127.0.0.1:" + server.httpsPort()
                + "/candlepin failed: HTTP 429.");
    }

    @Test
    void aServerThatIsDownFailsTheDestination() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StatusMode mode = mode(true, closed);

        StatusReport report = mode.check(List.of(fake("fake-hv", "fake.json", "ACME")));

        StatusReport.Destination destination = report.sections().get(0).destination();
        assertThat(destination.succeeded()).isFalse();
        assertThat(destination.message().orElseThrow())
                .startsWith("Error during status connection: reading the server status at https://127.0.0.1:" + closed
                        + "/candlepin failed: connection refused")
                .endsWith(".")
                .doesNotContain(RHSM_PASSWORD);
        assertThat(report.sections().get(0).source().succeeded()).isTrue();
        assertThat(mode.run(List.of(fake("fake-hv", "fake.json", "ACME")))).isEqualTo(1);
    }

    @Test
    void aMissingFakeFileOrAMissingBackendFailsTheSource() {
        StatusReport report = mode(true).check(List.of(fake("broken", "missing.json", "ACME"),
                section("nutanix", SourceType.AHV, "10.0.0.5", "ACME",
                        new BackendOptions.Ahv(true, false, false))));

        StatusReport.Source broken = report.sections().get(0).source();
        assertThat(broken.succeeded()).isFalse();
        assertThat(broken.connection()).isNull();
        assertThat(broken.message().orElseThrow()).startsWith("Can't read fake '" + directory.resolve("missing.json")
                + "' virt data").endsWith(".");
        StatusReport.Source nutanix = report.sections().get(1).source();
        assertThat(nutanix.connection()).isEqualTo("10.0.0.5");
        assertThat(nutanix.message()).contains("the 'ahv' source type is not available in this build.");
        // The destinations are checked all the same.
        assertThat(report.sections()).allMatch(section -> section.destination().succeeded());
    }

    @Test
    void aSectionWithoutOwnerHasNothingToCheckAtTheDestination() {
        server.resetRequests();
        StatusReport report = mode(true).check(List.of(fake("local", "fake.json", null)));

        StatusReport.Destination destination = report.sections().get(0).destination();
        assertThat(destination.connection()).isEmpty();
        assertThat(destination.succeeded()).isTrue();
        assertThat(destination.lastSuccessfulSend()).isNull();
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void passwordsNeverShowInMessages() throws IOException {
        // A path that happens to hold the password stands for any library that puts it in an error.
        StatusReport report = mode(true).check(List.of(fake("leaky", SOURCE_PASSWORD + ".json", "ACME")));
        String message = report.sections().get(0).source().message().orElseThrow();
        assertThat(message).doesNotContain(SOURCE_PASSWORD).contains("********.json");
        assertThat(report.json()).doesNotContain(SOURCE_PASSWORD).doesNotContain(RHSM_PASSWORD);
    }

    @Test
    void sectionsAreCheckedAtTheSameTimeAndReportedInOrder() {
        for (String owner : List.of("SLOW1", "SLOW2", "SLOW3", "SLOW4")) {
            server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/" + owner + "/heartbeat"))
                    .willReturn(okJson(HEARTBEAT_JOB).withFixedDelay(1500)));
        }
        long started = System.nanoTime();
        StatusReport report = mode(true).check(List.of(fake("s1", "fake.json", "SLOW1"),
                fake("s2", "fake.json", "SLOW2"), fake("s3", "fake.json", "SLOW3"), fake("s4", "fake.json", "SLOW4")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(report.sections()).extracting(StatusReport.Section::name).containsExactly("s1", "s2", "s3", "s4");
        assertThat(report.allSucceeded()).isTrue();
        assertThat(took).isLessThan(Duration.ofMillis(4 * 1500));
    }

    @Test
    void aCheckThatDoesNotAnswerInTimeFails() {
        server.stubFor(put(urlPathEqualTo("/candlepin/hypervisors/HUNG/heartbeat"))
                .willReturn(okJson(HEARTBEAT_JOB).withFixedDelay(3000)));
        StatusMode mode = new StatusMode(Backends.discover(), new BackendContext(Map.of()),
                targets(server.httpsPort()), runState, true, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                java.time.Clock.systemUTC(), Duration.ofMillis(500));

        StatusReport report = mode.check(List.of(fake("hung", "fake.json", "HUNG")));

        assertThat(report.sections().get(0).destination().message()).contains("no answer within 500 ms.");
        assertThat(report.sections().get(0).source().succeeded()).isTrue();
    }

    @Test
    void noSectionsPrintOnlyTheHeader() {
        assertThat(mode(false).run(List.of())).isZero();
        assertThat(out()).isEqualTo("""
                +-------------------------------------------+
                           Configuration Status
                +-------------------------------------------+

                """);
    }
}
