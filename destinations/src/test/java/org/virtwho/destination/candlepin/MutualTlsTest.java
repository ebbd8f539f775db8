package org.virtwho.destination.candlepin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.http.HttpSettings;
import org.virtwho.http.TestPki;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Report;

/**
 * The guest list of a registered system, sent with its consumer certificate over mutual TLS, with TLS
 * verified against a CA the test made; and what a user sees when the server's CA is not the one trusted.
 */
class MutualTlsTest {
    @TempDir
    Path directory;
    private TestPki pki;
    private WireMockServer server;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pki = TestPki.create(directory);
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true)
                .keystorePath(pki.serverKeyStore().toString())
                .keystorePassword(TestPki.STORE_PASSWORD)
                .keyManagerPassword(TestPki.STORE_PASSWORD)
                .keystoreType("PKCS12")
                .needClientAuth(true)
                .trustStorePath(pki.trustStore().toString())
                .trustStorePassword(TestPki.STORE_PASSWORD)
                .trustStoreType("PKCS12"));
        server.start();
        Contracts.validate(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Delivery deliver(Path caCertificate, Report report) throws Exception {
        Credentials consumer = new Credentials.ConsumerCertificate(pki.clientCertificate(), pki.clientKeyPkcs1());
        HttpSettings http = HttpSettings.defaults("virt-who-test")
                .withCaCertificates(caCertificate)
                .withClientCertificate(pki.clientCertificate(), pki.clientKeyPkcs1())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        CandlepinTarget target = new CandlepinTarget(URI.create("https://localhost:" + server.httpsPort()
                + "/candlepin"), http, consumer, Optional.empty());
        try (CandlepinDestination destination = new CandlepinDestination(target, "reporter", Patience.ONE_SHOT,
                waits::add)) {
            return destination.deliver(List.of(report));
        }
    }

    private static Report.GuestList guests() {
        return new Report.GuestList("local", Optional.of("host-uuid"), List.of(
                new Guest("b-guest", GuestState.SHUT_OFF, "libvirt"),
                new Guest("a-guest", GuestState.RUNNING, "libvirt")));
    }

    @Test
    void theGuestListGoesToTheConsumerNamedByTheCertificate() throws Exception {
        String consumer = pki.clientName();
        server.stubFor(put(urlPathEqualTo("/candlepin/consumers/" + consumer)).willReturn(aResponse().withStatus(204)));

        Delivery delivery = deliver(pki.caCertificate(), guests());

        assertThat(delivery.problems()).isEmpty();
        server.verify(1, putRequestedFor(urlPathEqualTo("/candlepin/consumers/" + consumer))
                .withRequestBody(equalToJson(CheckinBody.guestList(guests()))));
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedWithBothWaysOut() throws Exception {
        Delivery delivery = deliver(pki.otherCaCertificate(), guests());

        assertThat(delivery.problems()).singleElement().asString()
                .contains("localhost", "ca_cert_dir", "insecure");
        assertThat(server.getAllServeEvents()).isEmpty();
        assertThat(waits).as("a certificate problem is not retried").isEmpty();
    }

    @Test
    void aDeletedConsumerIsToldToRegisterAgain() throws Exception {
        server.stubFor(put(urlPathEqualTo("/candlepin/consumers/" + pki.clientName())).willReturn(aResponse()
                .withStatus(410).withHeader("Content-Type", "application/json")
                .withBody("{\"displayMessage\":\"Unit " + pki.clientName() + " has been deleted\",\"deletedId\":\"x\"}")));

        Delivery delivery = deliver(pki.caCertificate(), guests());

        assertThat(delivery.problems()).singleElement().asString()
                .contains("consumer was deleted", "register it again", "has been deleted");
        server.verify(1, putRequestedFor(urlPathEqualTo("/candlepin/consumers/" + pki.clientName())));
    }
}
