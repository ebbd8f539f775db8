package org.virtwho.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtwho.config.Secret;

/** The client from {@link HttpClientFactory} against WireMock over HTTPS, with a test PKI and a test proxy. */
class HttpClientFactoryTest {
    private static final String USER_AGENT = "virt-who-test/1.0";
    private static final String CA_OPTION = "rhsm.conf ca_cert_dir";
    private static final String INSECURE_OPTION = "rhsm.conf insecure";
    private static final String PROXY_USER = "proxy-user";
    private static final String PROXY_PASSWORD = "pr0xy-pa55word-not-for-logs";

    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;
    /** HTTP and HTTPS, no client certificates. */
    private static WireMockServer server;
    /** HTTPS only, and only for clients with a certificate from the test CA. */
    private static WireMockServer mutual;

    private final HttpClientFactory factory = new HttpClientFactory();
    private final List<CloseableHttpClient> clients = new ArrayList<>();
    private final List<TestProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        pki = TestPki.create(pkiDirectory);
        server = new WireMockServer(tls(options().dynamicPort()));
        server.start();
        server.stubFor(get(urlPathEqualTo("/hello")).willReturn(ok("hello")));
        server.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withFixedDelay(1_500).withBody("late")));
        mutual = new WireMockServer(tls(options().httpDisabled(true))
                .needClientAuth(true)
                .trustStorePath(pki.trustStore().toString())
                .trustStorePassword(TestPki.STORE_PASSWORD)
                .trustStoreType("PKCS12"));
        mutual.start();
        mutual.stubFor(get(urlPathEqualTo("/hello")).willReturn(ok("hello, client")));
    }

    private static WireMockConfiguration tls(WireMockConfiguration options) {
        return options.bindAddress("127.0.0.1")
                .dynamicHttpsPort()
                .keystorePath(pki.serverKeyStore().toString())
                .keystorePassword(TestPki.STORE_PASSWORD)
                .keyManagerPassword(TestPki.STORE_PASSWORD)
                .keystoreType("PKCS12");
    }

    @AfterAll
    static void stopServers() {
        if (server != null) {
            server.stop();
        }
        if (mutual != null) {
            mutual.stop();
        }
    }

    @AfterEach
    void closeClientsAndProxies() throws Exception {
        for (CloseableHttpClient client : clients) {
            client.close();
        }
        for (TestProxy proxy : proxies) {
            proxy.close();
        }
    }

    private record Result(int status, String body) {
    }

    private CloseableHttpClient client(HttpSettings settings) throws HttpSetupException {
        CloseableHttpClient client = factory.create(settings);
        clients.add(client);
        return client;
    }

    private static Result fetch(CloseableHttpClient client, String url) throws IOException {
        return client.execute(new HttpGet(url), response -> new Result(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    private static HttpSettings settings() {
        return HttpSettings.defaults(USER_AGENT);
    }

    private static HttpSettings verified() {
        return settings().withCaCertificates(pki.caCertificate());
    }

    private static String https(String host, String path) {
        return "https://" + host + ":" + server.httpsPort() + path;
    }

    private TestProxy proxy(TestProxy proxy) {
        proxies.add(proxy);
        return proxy;
    }

    @Test
    void verifiesTheServerWithACaFile() throws Exception {
        CloseableHttpClient client = client(verified());

        assertThat(fetch(client, https("localhost", "/hello"))).isEqualTo(new Result(200, "hello"));
        assertThat(fetch(client, https("127.0.0.1", "/hello"))).isEqualTo(new Result(200, "hello"));
    }

    @Test
    void verifiesTheServerWithACaDirectory() throws Exception {
        CloseableHttpClient client = client(settings().withCaCertificates(pki.caDirectory()));

        assertThat(fetch(client, https("127.0.0.1", "/hello"))).isEqualTo(new Result(200, "hello"));
    }

    @Test
    void theJvmTrustStoreRefusesThePrivateCaAndTheExplanationNamesBothWaysOut() throws Exception {
        CloseableHttpClient client = client(settings());

        IOException failure = catchThrowableOfType(IOException.class, () -> fetch(client, https("127.0.0.1", "/hello")));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(TlsTrouble.explain(failure, "127.0.0.1", CA_OPTION, INSECURE_OPTION)).hasValueSatisfying(message ->
                assertThat(message).contains("127.0.0.1", CA_OPTION, INSECURE_OPTION, "not signed by"));
    }

    @Test
    void anUnrelatedCaIsRefused() throws Exception {
        CloseableHttpClient client = client(settings().withCaCertificates(pki.otherCaCertificate()));

        IOException failure = catchThrowableOfType(IOException.class, () -> fetch(client, https("localhost", "/hello")));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(TlsTrouble.explain(failure, "localhost", "ca_file", "insecure")).isPresent();
    }

    @Test
    void insecureAcceptsAnyCertificate() throws Exception {
        CloseableHttpClient client = client(settings().withInsecure(true));
        // An unrelated CA changes nothing: insecure means no verification at all.
        CloseableHttpClient withWrongCa = client(settings().withCaCertificates(pki.otherCaCertificate()).withInsecure(true));

        assertThat(fetch(client, https("127.0.0.1", "/hello")).status()).isEqualTo(200);
        assertThat(fetch(withWrongCa, https("localhost", "/hello")).status()).isEqualTo(200);
    }

    static Stream<Arguments> clientIdentities() {
        return Stream.of(
                Arguments.of("RSA, PKCS#1 key", pki.clientCertificate(), pki.clientKeyPkcs1()),
                Arguments.of("RSA, PKCS#8 key", pki.clientCertificate(), pki.clientKeyPkcs8()),
                Arguments.of("EC, SEC1 key", pki.ecClientCertificate(), pki.ecClientKeySec1()),
                Arguments.of("EC, PKCS#8 key", pki.ecClientCertificate(), pki.ecClientKeyPkcs8()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientIdentities")
    void mutualTlsWithAClientCertificate(String kind, Path certificate, Path key) throws Exception {
        CloseableHttpClient client = client(verified().withClientCertificate(certificate, key));

        assertThat(fetch(client, "https://127.0.0.1:" + mutual.httpsPort() + "/hello"))
                .isEqualTo(new Result(200, "hello, client"));
    }

    @Test
    void mutualTlsWithTheKeyInTheCertificateFile() throws Exception {
        Path combined = pkiDirectory.resolve("combined.pem");
        Files.writeString(combined, Files.readString(pki.clientCertificate()) + Files.readString(pki.clientKeyPkcs8()));
        HttpSettings settings = verified();
        settings = new HttpSettings(settings.caCertificates(), false, Optional.of(combined), Optional.empty(),
                Optional.empty(), List.of(), settings.connectTimeout(), settings.responseTimeout(), USER_AGENT);

        assertThat(fetch(client(settings), "https://127.0.0.1:" + mutual.httpsPort() + "/hello").status()).isEqualTo(200);
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefusedAndNotBlamedOnTheCa() throws Exception {
        CloseableHttpClient client = client(verified());

        IOException failure = catchThrowableOfType(IOException.class,
                () -> fetch(client, "https://127.0.0.1:" + mutual.httpsPort() + "/hello"));

        assertThat(failure).isNotNull();
        assertThat(TlsTrouble.explain(failure, "127.0.0.1", CA_OPTION, INSECURE_OPTION)).isEmpty();
    }

    @Test
    void sendsTheUserAgent() throws Exception {
        fetch(client(verified()), https("127.0.0.1", "/hello?agent"));

        server.verify(getRequestedFor(urlEqualTo("/hello?agent")).withHeader("User-Agent", equalTo(USER_AGENT)));
    }

    @Test
    void plainHttpStaysPlain() throws Exception {
        fetch(client(verified()), "http://127.0.0.1:" + server.port() + "/hello?plain");

        server.verify(getRequestedFor(urlEqualTo("/hello?plain")).withoutHeader("Upgrade"));
    }

    @Test
    void aSlowResponseTimesOutAfterTheResponseTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        CloseableHttpClient client = client(verified().withTimeouts(Duration.ofSeconds(5), timeout));
        fetch(client, https("127.0.0.1", "/hello")); // the TLS handshake is not part of what is timed below

        long start = System.nanoTime();
        assertThatThrownBy(() -> fetch(client, https("127.0.0.1", "/slow"))).isInstanceOf(SocketTimeoutException.class);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isBetween(timeout.minusMillis(50), timeout.multipliedBy(2));
    }

    @Test
    void aRefusedConnectionIsAnIoException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CloseableHttpClient client = client(verified());

        assertThatThrownBy(() -> fetch(client, "https://127.0.0.1:" + closedPort + "/")).isInstanceOf(IOException.class);
    }

    @Test
    void httpsGoesThroughTheProxyByConnect() throws Exception {
        TestProxy proxy = proxy(TestProxy.open());
        CloseableHttpClient client = client(verified()
                .withProxy(new ProxySettings("127.0.0.1", proxy.port(), Optional.empty(), Optional.empty())));

        assertThat(fetch(client, https("localhost", "/hello"))).isEqualTo(new Result(200, "hello"));
        assertThat(proxy.carried()).isEqualTo(1);
    }

    @Test
    void theProxyGetsBasicCredentials() throws Exception {
        TestProxy proxy = proxy(TestProxy.withBasicAuth(PROXY_USER, PROXY_PASSWORD));
        CloseableHttpClient client = client(verified().withProxy(new ProxySettings("127.0.0.1", proxy.port(),
                Optional.of(PROXY_USER), Optional.of(Secret.of(PROXY_PASSWORD)))));

        assertThat(fetch(client, https("localhost", "/hello"))).isEqualTo(new Result(200, "hello"));
        assertThat(fetch(client, "http://127.0.0.1:" + server.port() + "/hello")).isEqualTo(new Result(200, "hello"));
        assertThat(proxy.carried()).isEqualTo(2);
        assertThat(proxy.refused()).as("each request was first challenged").isPositive();
    }

    @Test
    void wrongProxyCredentialsShowAsTheProxysRefusal() throws Exception {
        TestProxy proxy = proxy(TestProxy.withBasicAuth(PROXY_USER, PROXY_PASSWORD));
        CloseableHttpClient client = client(verified().withProxy(new ProxySettings("127.0.0.1", proxy.port(),
                Optional.of(PROXY_USER), Optional.of(Secret.of("wr0ng-pa55word")))));

        // HttpClient hands back the proxy's answer to CONNECT as the response, not an exception.
        assertThat(fetch(client, https("localhost", "/hello")).status()).isEqualTo(407);
        assertThat(proxy.carried()).isZero();
        assertThat(proxy.refused()).as("the first try, without credentials, and the second, with wrong ones")
                .isEqualTo(2);
    }

    @Test
    void hostsInNoProxyBypassTheProxy() throws Exception {
        TestProxy proxy = proxy(TestProxy.open());
        CloseableHttpClient client = client(verified()
                .withProxy(new ProxySettings("127.0.0.1", proxy.port(), Optional.empty(), Optional.empty()))
                .withNoProxy(List.of("example.com", "LOCALHOST")));

        assertThat(fetch(client, https("localhost", "/hello")).status()).isEqualTo(200);
        assertThat(proxy.carried()).as("localhost is in no_proxy").isZero();

        assertThat(fetch(client, https("127.0.0.1", "/hello")).status()).isEqualTo(200);
        assertThat(proxy.carried()).as("127.0.0.1 is not").isEqualTo(1);
    }
}
