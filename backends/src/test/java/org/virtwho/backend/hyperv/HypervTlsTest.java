package org.virtwho.backend.hyperv;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.backend.Backend;
import org.virtwho.config.SourceTls;
import org.virtwho.http.TestPki;
import org.virtwho.model.Inventory;

/** WinRM over https (port 5986 in real life) with a certificate from a test CA. */
class HypervTlsTest {
    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;
    private static WireMockServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(pkiDirectory);
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicHttpsPort().httpDisabled(true)
                .keystorePath(pki.serverKeyStore().toString())
                .keystorePassword(TestPki.STORE_PASSWORD)
                .keyManagerPassword(TestPki.STORE_PASSWORD)
                .keystoreType("PKCS12"));
        server.start();
        new FakeWinrm(server).modernHost();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String url() {
        return "https://localhost:" + server.httpsPort() + "/wsman";
    }

    @Test
    void verifiedWithTheGivenCa() throws Exception {
        try (Backend backend = HypervSources.backend(url(), new SourceTls(Optional.of(pki.caCertificate()), false),
                HypervSources.USER, HypervSources.PASSWORD)) {
            Inventory.Hosts inventory = (Inventory.Hosts) backend.collect();
            assertThat(inventory.hosts().get(0).guests()).hasSize(3);
        }
    }

    @Test
    void untrustedCertificateNamesBothWaysOut() throws Exception {
        try (Backend backend = HypervSources.backend(url(), SourceTls.VERIFIED, HypervSources.USER,
                HypervSources.PASSWORD)) {
            assertThatThrownBy(backend::check).hasMessageStartingWith("Cannot verify the TLS certificate of localhost")
                    .hasMessageContaining("with ca_cert").hasMessageContaining("with insecure");
        }
    }

    @Test
    void insecureSkipsVerification() throws Exception {
        try (Backend backend = HypervSources.backend(url(), new SourceTls(Optional.empty(), true),
                HypervSources.USER, HypervSources.PASSWORD)) {
            backend.check();
        }
    }
}
