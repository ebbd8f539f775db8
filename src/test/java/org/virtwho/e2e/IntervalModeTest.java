package org.virtwho.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as systemd runs it, sped up: a 2-second interval through the test-only floor
 * (VIRT_WHO_TEST_INTERVAL_FLOOR; users keep the 60 s minimum), a fake source whose file the test edits, and a
 * Candlepin played by WireMock.
 */
class IntervalModeTest {
    private static final String CHECK_IN = "/candlepin/hypervisors/ACME";
    private static final String HEARTBEAT = "/candlepin/hypervisors/ACME/heartbeat";
    private static final String FINISHED = "{\"id\":\"job-1\",\"state\":\"FINISHED\",\"resultData\":{\"created\":[],"
            + "\"updated\":[],\"unchanged\":[],\"failedUpdate\":[]}}";
    private static final Map<String, String> FAST = Map.of("VIRT_WHO_TEST_INTERVAL_FLOOR", "1");

    @TempDir
    Path root;
    private Distribution distribution;
    private WireMockServer server;
    private Process daemon;
    private Path inventory;

    @BeforeEach
    void setUp() throws Exception {
        distribution = new Distribution(root);
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true));
        server.start();
        server.stubFor(get(urlPathEqualTo("/candlepin/status")).willReturn(okJson(
                "{\"result\":true,\"version\":\"5.0.3\",\"managerCapabilities\":[\"hypervisors_async\",\"hypervisors_heartbeat\"]}")));
        server.stubFor(put(urlPathEqualTo(HEARTBEAT)).willReturn(okJson("{\"id\":\"hb\",\"state\":\"CREATED\"}")));
        inventory = root.resolve("inventory.json");
        Files.copy(distribution.repository.resolve("examples/fake-datacenter.json"), inventory);
        distribution.write("etc/virt-who.conf", "[global]\nreporter_id=interval-test\n");
        distribution.write("etc/virt-who.d/datacenter.conf", section("datacenter", inventory));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        server.stop();
    }

    private String section(String name, Path file) {
        return """
                [%s]
                type=fake
                file=%s
                owner=ACME
                rhsm_hostname=127.0.0.1
                rhsm_port=%d
                rhsm_prefix=/candlepin
                rhsm_insecure=1
                rhsm_username=admin
                rhsm_password=secret
                """.formatted(name, file, server.httpsPort());
    }

    private void checkInAnswers(MappingBuilder answer) {
        server.stubFor(answer);
    }

    private int checkIns() {
        return server.findAll(postRequestedFor(urlPathEqualTo(CHECK_IN))).size();
    }

    private int heartbeats() {
        return server.findAll(putRequestedFor(urlPathEqualTo(HEARTBEAT))).size();
    }


    @Test
    void aChangeGivesExactlyOneNewCheckInAndNoChangeOnlyHeartbeats() throws Exception {
        checkInAnswers(post(urlPathEqualTo(CHECK_IN)).willReturn(okJson(FINISHED)));
        daemon = distribution.start(FAST, "-i", "2");

        distribution.await("the first check-in", Duration.ofSeconds(20), () -> checkIns() == 1);
        distribution.await("heartbeats on unchanged cycles", Duration.ofSeconds(10), () -> heartbeats() >= 2);
        assertThat(checkIns()).isEqualTo(1);

        Files.writeString(inventory, Files.readString(inventory).replaceFirst("\"state\": 5", "\"state\": 1"));
        distribution.await("a check-in of the change", Duration.ofSeconds(10), () -> checkIns() == 2);
        Thread.sleep(4_500);
        assertThat(checkIns()).as("the change is sent once").isEqualTo(2);
        assertThat(daemon.isAlive()).isTrue();
    }

    @Test
    void aSectionThatCannotStartDoesNotHoldUpTheOthersOfItsDestination() throws Exception {
        checkInAnswers(post(urlPathEqualTo(CHECK_IN)).willReturn(okJson(FINISHED)));
        // Same server, credentials and owner as the fake section, but a source type this build cannot collect.
        distribution.write("etc/virt-who.d/nutanix.conf", section("nutanix", inventory)
                .replace("type=fake", "type=ahv").replace("file=" + inventory,
                        "server=10.0.0.1\nusername=reader\npassword=reader-secret"));
        daemon = distribution.start(FAST, "-i", "2");

        distribution.await("the check-in of the section that runs", Duration.ofSeconds(20), () -> checkIns() == 1);
        assertThat(distribution.daemonLog()).contains("[nutanix]: the 'ahv' source type is not available");
    }

    @Test
    void aServerDownForSeveralCyclesGetsTheNewestMappingOnceItIsBack() throws Exception {
        checkInAnswers(post(urlPathEqualTo(CHECK_IN)).willReturn(aResponse().withStatus(503)));
        daemon = distribution.start(FAST, "-i", "2");
        distribution.await("several refused check-ins", Duration.ofSeconds(20), () -> checkIns() >= 3);

        Files.writeString(inventory, Files.readString(inventory).replaceFirst("\"state\": 5", "\"state\": 1"));
        server.resetRequests();
        checkInAnswers(post(urlPathEqualTo(CHECK_IN)).atPriority(1).willReturn(okJson(FINISHED)));

        distribution.await("the check-in once the server is back", Duration.ofSeconds(15), () -> checkIns() >= 1);
        Thread.sleep(4_500);
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo(CHECK_IN)))).hasSize(1)
                .allSatisfy(request -> assertThat(request.getBodyAsString())
                        .contains("\"guestId\":\"422ab0c3-1e2f-4a5b-9c6d-7e8f90a1b233\",\"state\":1"));
        assertThat(distribution.daemonLog()).contains("accepts reports again");
    }

    @Test
    void sighupReadsTheEditedConfigurationAndSigtermStopsQuickly() throws Exception {
        checkInAnswers(post(urlPathEqualTo(CHECK_IN)).willReturn(okJson(FINISHED)));
        daemon = distribution.start(FAST, "-i", "2");
        distribution.await("the first check-in", Duration.ofSeconds(20), () -> checkIns() == 1);
        assertThat(root.resolve("run/virt-who.pid")).content().isEqualTo(daemon.pid() + "\n");

        Path more = distribution.write("more.json", """
                {"hypervisors": [{"hypervisorId": {"hypervisorId": "added-by-reload"}, "guestIds": []}]}""");
        distribution.write("etc/virt-who.d/more.conf", section("more", more));
        new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();

        distribution.await("a check-in with the added section", Duration.ofSeconds(15),
                () -> !server.findAll(postRequestedFor(urlPathEqualTo(CHECK_IN))
                        .withRequestBody(containing("added-by-reload"))).isEmpty());
        assertThat(distribution.daemonLog()).contains("Reloading");

        long start = System.nanoTime();
        daemon.destroy();
        assertThat(daemon.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(root.resolve("run/virt-who.pid")).doesNotExist();
        assertThat(distribution.daemonLog()).contains("virt-who is shutting down");
    }
}
