package org.virtwho.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.hyperv.FakeWinrm;

/** The packaged agent reading a Hyper-V host from a WinRM service played by WireMock, as a user would run it. */
class HypervTest {
    @TempDir
    Path root;
    private Distribution distribution;
    private WireMockServer winrm;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
        winrm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        winrm.start();
        new FakeWinrm(winrm).modernHost();
    }

    @AfterEach
    void tearDown() {
        winrm.stop();
    }

    @Test
    void printModeReportsTheHostWithItsGuestsAndFacts() throws Exception {
        Path conf = distribution.write("hyperv.conf", """
                [hyperv]
                type=hyperv
                server=127.0.0.1:%d
                username=EXAMPLE\\\\reader
                password=Hyper-V-S3cret
                owner=ACME
                """.formatted(winrm.port()));

        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode hypervisor = new ObjectMapper().readTree(run.stdout()).at("/hypervisors/0");
        assertThat(hypervisor.at("/hypervisorId/hypervisorId").asText()).isEqualTo("44454C4C-4200-1036-8057-B4C04F4B4E32");
        assertThat(hypervisor.get("name").asText()).isEqualTo("hv01");
        assertThat(hypervisor.at("/facts/hypervisor.type").asText()).isEqualTo("hyperv");
        assertThat(hypervisor.get("guestIds")).isNotEmpty().allSatisfy(guest ->
                assertThat(guest.at("/attributes/virtWhoType").asText()).isEqualTo("hyperv"));
        assertThat(run.stderr()).contains("The original server URL was incomplete. It has been enhanced to "
                + "http://127.0.0.1:" + winrm.port() + "/wsman").doesNotContain("Hyper-V-S3cret");
    }
}
