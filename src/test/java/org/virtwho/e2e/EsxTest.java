package org.virtwho.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.esx.Administrator;
import org.virtwho.backend.esx.EsxSections;
import org.virtwho.backend.esx.VcSimulator;

/** The packaged agent against VMware's vSphere simulator: print mode, and the daemon reporting a power change. */
class EsxTest {
    private static final String CHECK_IN = "/candlepin/hypervisors/ACME";
    private static final String FINISHED = "{\"id\":\"job-1\",\"state\":\"FINISHED\",\"resultData\":{\"created\":[],"
            + "\"updated\":[],\"unchanged\":[],\"failedUpdate\":[]}}";

    @TempDir
    Path root;
    private Distribution distribution;
    private VcSimulator vcenter;
    private WireMockServer candlepin;
    private Process daemon;

    @BeforeEach
    void setUp() throws Exception {
        distribution = new Distribution(root);
        vcenter = VcSimulator.start("-clusters", "1", "-cluster-hosts", "2", "-hosts", "1", "-vms", "2",
                "-user", EsxSections.USER, "-password", EsxSections.PASSWORD);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (candlepin != null) {
            candlepin.stop();
        }
        vcenter.close();
    }

    private String section(String extra) {
        return """
                [vcenter]
                type=esx
                server=%s
                username=%s
                password=%s
                owner=ACME
                ca_cert=%s
                """.formatted(vcenter.url().replaceFirst("/sdk$", ""), EsxSections.USER, EsxSections.PASSWORD,
                vcenter.certificate()) + extra;
    }

    @Test
    void printModeReportsEveryHostWithItsFacts() throws Exception {
        Path conf = distribution.write("vcenter.conf", section("hypervisor_id=hwuuid\n"));

        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode hypervisors = new ObjectMapper().readTree(run.stdout()).get("hypervisors");
        assertThat(hypervisors).hasSize(3);
        assertThat(hypervisors).allSatisfy(hypervisor -> {
            assertThat(hypervisor.at("/hypervisorId/hypervisorId").asText()).startsWith("host-");
            assertThat(hypervisor.get("name").asText()).isEqualTo("localhost.localdomain");
            assertThat(hypervisor.at("/facts/hypervisor.type").asText()).isEqualTo("VMware ESXi");
        });
        assertThat(hypervisors.findValues("guestId")).hasSize(4);
        assertThat(run.stderr()).doesNotContain(EsxSections.PASSWORD);
    }

    @Test
    void statusModeLogsInAndReadsAProperty() throws Exception {
        Path good = distribution.write("good.conf", section(""));
        Path bad = distribution.write("bad.conf", section("").replace("password=" + EsxSections.PASSWORD,
                "password=Wr0ng-Pa55"));

        JsonNode ok = new ObjectMapper().readTree(distribution.virtWho("-s", "-j", "-c", good.toString()).stdout())
                .at("/configurations/0/source");
        Distribution.Run refused = distribution.virtWho("-s", "-j", "-c", bad.toString());
        JsonNode failed = new ObjectMapper().readTree(refused.stdout()).at("/configurations/0/source");

        assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("success");
        assertThat(failed.get("status").asText()).isEqualTo("failure");
        assertThat(failed.get("message").asText()).contains("the user name or password is wrong");
        assertThat(refused.stdout() + refused.stderr()).doesNotContain("Wr0ng-Pa55");
    }

    @Test
    void theDaemonReportsAPowerChangeWithinSecondsAndNothingWhileNothingChanges() throws Exception {
        candlepin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true));
        candlepin.start();
        candlepin.stubFor(get(urlPathEqualTo("/candlepin/status")).willReturn(okJson(
                "{\"result\":true,\"version\":\"5.0.3\",\"managerCapabilities\":[\"hypervisors_async\","
                        + "\"hypervisors_heartbeat\"]}")));
        candlepin.stubFor(put(urlPathEqualTo(CHECK_IN + "/heartbeat")).willReturn(okJson("{\"id\":\"hb\"}")));
        candlepin.stubFor(post(urlPathEqualTo(CHECK_IN)).willReturn(okJson(FINISHED)));
        distribution.write("etc/virt-who.d/vcenter.conf", section("""
                rhsm_hostname=127.0.0.1
                rhsm_port=%d
                rhsm_prefix=/candlepin
                rhsm_insecure=1
                rhsm_username=admin
                rhsm_password=secret
                """.formatted(candlepin.httpsPort())));
        // A long interval: whatever is sent after the first report comes from watching vCenter, not from polling.
        daemon = distribution.start(Map.of("VIRT_WHO_TEST_INTERVAL_FLOOR", "1"), "-i", "300");

        distribution.await("the first check-in", Duration.ofSeconds(30), () -> checkIns().size() == 1);
        Thread.sleep(3_000);
        assertThat(checkIns()).as("nothing changed, nothing sent").hasSize(1);

        String poweredOff;
        try (Administrator admin = Administrator.login(vcenter)) {
            poweredOff = admin.powerOffSomeVm();
        }

        distribution.await("a check-in of the power change", Duration.ofSeconds(15), () -> checkIns().size() == 2);
        assertThat(checkIns()).anySatisfy(checkIn -> assertThat(checkIn.getBodyAsString())
                .contains("\"guestId\":\"" + poweredOff + "\",\"state\":5"));
        assertThat(distribution.daemonLog()).doesNotContain(EsxSections.PASSWORD);
    }

    private List<LoggedRequest> checkIns() {
        return candlepin.findAll(postRequestedFor(urlPathEqualTo(CHECK_IN)));
    }
}
