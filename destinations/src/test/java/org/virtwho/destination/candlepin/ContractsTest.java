package org.virtwho.destination.candlepin;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/** The test helper that holds a stubbed server's clients to the contract. */
class ContractsTest {
    private static final String JOB = "{\"id\":\"j-1\",\"state\":\"CREATED\",\"resultData\":null}";
    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer server;

    @BeforeEach
    void startServer() {
        Contracts.folder(); // without the contracts there is nothing to test here
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Contracts.validate(server);
        server.stubFor(post(urlPathEqualTo("/candlepin/hypervisors/ACME")).willReturn(okJson(JOB)));
        server.stubFor(get(urlPathEqualTo("/candlepin/jobs/j-1")).willReturn(okJson(JOB)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private HttpResponse<String> checkIn(String contentType, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/candlepin/hypervisors/ACME?reporter_id=r-1&cloaked=False&env="))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body() {
        return CheckinBody.of(List.of(new Report.HostGuestMapping("esx", List.of(new Hypervisor("esx-1",
                Optional.of("esx-1.example.com"), List.of(new Guest("g-1", GuestState.RUNNING, "esx")),
                // A numeric fact is one of the known gaps: upstream sends it, the overlay wants strings.
                Map.of("hypervisor.version", 7, "cpu.cpu_socket(s)", "2"))))));
    }

    @Test
    void passesACheckInThatKeepsTheContract() throws Exception {
        HttpResponse<String> answer = checkIn("text/plain", body());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(JOB);
    }

    @Test
    void passesAJobPollWithUpstreamsExtraParameter() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/candlepin/jobs/j-1?result_data=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void answersACheckInBodyOfTheWrongShapeWith418() throws Exception {
        HttpResponse<String> answer = checkIn("text/plain",
                "{\"hypervisors\":[{\"hypervisorId\":{\"hypervisorId\":\"h\"},\"guestIds\":[\"g-1\"]}]}");
        assertThat(answer.statusCode()).isEqualTo(Contracts.BROKEN_CONTRACT);
        assertThat(answer.body()).contains("\"displayMessage\"", "OpenAPI contract");
        assertThat(checkIn("text/plain", "{}").statusCode()).isEqualTo(Contracts.BROKEN_CONTRACT);
    }

    @Test
    void answersACheckInSentAsJsonWith418() throws Exception {
        // The server's check-in consumes text/plain only (contract §1).
        assertThat(checkIn("application/json", body()).statusCode()).isEqualTo(Contracts.BROKEN_CONTRACT);
    }

    @Test
    void answersARequestOutsideTheSpecWith418() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/candlepin/hypervisors?owner=ACME"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"esx-1\":[\"g-1\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(Contracts.BROKEN_CONTRACT);
    }

    @Test
    void findsTheContractsAboveTheWorkingDirectory(@TempDir Path root) throws IOException {
        Path contracts = Files.createDirectories(root.resolve(Contracts.FOLDER));
        Files.writeString(contracts.resolve(Contracts.OVERLAY), "openapi: 3.0.2\n");
        Path deep = Files.createDirectories(root.resolve("main/destinations"));
        assertThat(Contracts.find(deep)).contains(contracts);
        assertThat(Contracts.find(Files.createDirectories(root.resolve("elsewhere").resolve("x")))).contains(contracts);
        Files.delete(contracts.resolve(Contracts.OVERLAY));
        assertThat(Contracts.find(deep)).isEmpty();
    }
}
