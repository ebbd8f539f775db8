package org.virtwho.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virt-who -o} as a process against a Candlepin played by WireMock over HTTPS. */
class OneShotTest {
    private static final String JOB = "8a8d01f47a0f3e0b017a0f4a5b6c0042";
    private static final String PASSWORD = "OneShot-S3cret";

    @TempDir
    Path root;
    private Distribution distribution;
    private WireMockServer server;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true));
        server.start();
        server.stubFor(get(urlPathEqualTo("/candlepin/status")).willReturn(okJson(
                "{\"result\":true,\"version\":\"5.0.3\",\"managerCapabilities\":[\"hypervisors_async\",\"hypervisors_heartbeat\"]}")));
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private Path configure(String extraSection) throws Exception {
        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        distribution.write("etc/virt-who.conf", "[global]\nreporter_id=vm-test-machine\n");
        // WireMock's certificate is self-signed; rhsm_insecure is the user's explicit opt-out of verification.
        return distribution.write("etc/virt-who.d/datacenter.conf", """
                [datacenter]
                type=fake
                file=%s
                owner=ACME
                rhsm_hostname=127.0.0.1
                rhsm_port=%d
                rhsm_prefix=/candlepin
                rhsm_insecure=1
                rhsm_username=admin
                rhsm_password=%s
                %s
                """.formatted(example, server.httpsPort(), PASSWORD, extraSection));
    }

    @Test
    void sendsOneCheckInWaitsForTheJobAndExitsZero() throws Exception {
        configure("");
        server.stubFor(post(urlPathEqualTo("/candlepin/hypervisors/ACME"))
                .willReturn(okJson("{\"id\":\"" + JOB + "\",\"state\":\"CREATED\",\"resultData\":null}")));
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/" + JOB)).willReturn(okJson("""
                {"id":"%s","state":"FINISHED","resultData":{"created":[{"name":"esx-01"}],"updated":[],
                 "unchanged":[{"name":"esx-02"},{"name":"esx-03"}],"failedUpdate":[]}}""".formatted(JOB))));

        Distribution.Run run = distribution.virtWho("-o");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        server.verify(1, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME"))
                .withHeader("Content-Type", containing("text/plain"))
                .withQueryParam("reporter_id", equalTo("vm-test-machine"))
                .withRequestBody(containing("\"hypervisorId\":{\"hypervisorId\":\"4c4c4544-0051-3410-8044-b4c04f4e4d32\"}")));
        assertThat(run.stderr()).contains(
                "Sending updated Host-to-guest mapping to \"ACME\" including 3 hypervisors and 4 guests",
                "1 created, 0 updated, 2 unchanged, 0 failed").doesNotContain(PASSWORD);
    }

    @Test
    void aRefusalExitsNonZeroWithTheServersMessage() throws Exception {
        configure("");
        server.stubFor(post(urlPathEqualTo("/candlepin/hypervisors/ACME")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Invalid Credentials\",\"requestUuid\":\"x\"}")));

        Distribution.Run run = distribution.virtWho("-o");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Invalid Credentials").doesNotContain(PASSWORD);
        server.verify(1, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
    }

    @Test
    void aSectionThatCannotBeCollectedMakesTheRunFailAfterSendingTheOthers() throws Exception {
        configure("""

                [broken]
                type=fake
                file=%s
                owner=ACME
                """.formatted(distribution.write("broken.json", "{")));
        server.stubFor(post(urlPathEqualTo("/candlepin/hypervisors/ACME"))
                .willReturn(okJson("{\"id\":\"" + JOB + "\",\"state\":\"FINISHED\",\"resultData\":{\"created\":[],"
                        + "\"updated\":[],\"unchanged\":[],\"failedUpdate\":[]}}")));

        Distribution.Run run = distribution.virtWho("-o");

        assertThat(run.exitCode()).isEqualTo(1);
        server.verify(1, postRequestedFor(urlPathEqualTo("/candlepin/hypervisors/ACME")));
        assertThat(run.stderr()).contains("[broken]: unable to collect the report");
    }
}
