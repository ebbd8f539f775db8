package org.virtwho.backend.hyperv;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.CapturedLog;
import org.virtwho.config.SourceTls;
import org.virtwho.model.Inventory;

/** The logon: a 401 answered with Basic or NTLM as the server offers, and what a refusal says. */
class HypervAuthenticationTest {
    private static final String AUTHORIZATION = "Authorization";
    private static final String CHALLENGE = "WWW-Authenticate";

    private static WireMockServer server;
    private static FakeWinrm winrm;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        winrm = new FakeWinrm(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/wsman";
    }

    /** Answers any request without credentials with a 401 offering {@code schemes}. */
    private static void challenge(String... schemes) {
        server.stubFor(FakeWinrm.wsman().atPriority(1).withHeader(AUTHORIZATION, absent())
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, schemes)));
    }

    @Test
    void basicWhenTheServerOffersOnlyBasic() throws Exception {
        challenge("Basic realm=\"WSMAN\"");
        winrm.modernHost();
        try (Backend backend = HypervSources.backend(url())) {
            Inventory.Hosts inventory = (Inventory.Hosts) backend.collect();
            assertThat(inventory.hosts().get(0).guests()).hasSize(3);
            backend.collect();
        }
        List<LoggedRequest> requests = winrm.requests();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (HypervSources.USER + ":" + HypervSources.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(requests.get(0).containsHeader(AUTHORIZATION)).isFalse();
        // One challenge only: afterwards the credentials go with every request, through both collections.
        assertThat(requests.subList(1, requests.size()))
                .allSatisfy(request -> assertThat(request.getHeader(AUTHORIZATION)).isEqualTo(basic));
        assertThat(requests).hasSize(1 + 6 + 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NTLM", "Negotiate"})
    void ntlmWithTheDomainOfTheAccount(String scheme) throws Exception {
        challenge(scheme, "Kerberos", "Basic realm=\"WSMAN\"");
        server.stubFor(FakeWinrm.wsman().atPriority(1).inScenario("ntlm")
                .withHeader(AUTHORIZATION, matching(scheme + " TlRMTVNTUAAB.*"))
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, scheme + " "
                        + NtlmMessages.challenge())));
        server.stubFor(FakeWinrm.wsman().atPriority(1).inScenario("ntlm")
                .withHeader(AUTHORIZATION, matching(scheme + " TlRMTVNTUAAD.*"))
                .willReturn(FakeWinrm.soap(200, FakeWinrm.fixture("system-product.xml")))
                .willSetStateTo("authenticated"));
        // Once the connection is authenticated, later requests on it carry no credentials.
        server.stubFor(FakeWinrm.wsman().atPriority(0).inScenario("ntlm")
                .whenScenarioStateIs("authenticated").withHeader(AUTHORIZATION, absent())
                .willReturn(FakeWinrm.soap(200, FakeWinrm.fixture("system-product.xml"))));

        try (Backend backend = HypervSources.backend(url())) {
            backend.check();
            backend.check();
        }

        List<String> authorizations = winrm.requests().stream()
                .map(request -> request.containsHeader(AUTHORIZATION) ? request.getHeader(AUTHORIZATION) : "")
                .toList();
        assertThat(authorizations).hasSize(4);
        assertThat(authorizations.get(0)).isEmpty();
        assertThat(NtlmMessages.type(token(authorizations.get(1), scheme))).isEqualTo(1);
        String authenticate = token(authorizations.get(2), scheme);
        assertThat(NtlmMessages.type(authenticate)).isEqualTo(3);
        assertThat(NtlmMessages.domain(authenticate)).isEqualTo("EXAMPLE");
        assertThat(NtlmMessages.user(authenticate)).isEqualTo("virtwho");
        assertThat(authorizations.get(3)).as("the authenticated connection is kept").isEmpty();
    }

    @Test
    void wrongPasswordWithBasicNamesTheMethodAndNeverThePassword() throws Exception {
        server.stubFor(FakeWinrm.wsman().atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, "Basic realm=\"WSMAN\"")));
        try (CapturedLog log = CapturedLog.open();
                Backend backend = HypervSources.backend(url())) {
            BackendException failure = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                    backend::collect);
            assertThat(failure).hasMessage("Hyper-V at " + url() + " refused the logon of user 'EXAMPLE\\virtwho' "
                    + "with Basic authentication: the user name or password is wrong, or the server does not allow "
                    + "Basic authentication (WinRM Service/Auth settings; Basic over http also needs "
                    + "AllowUnencrypted=true).");
            assertThat(log.lines()).isNotEmpty();
            assertNoPassword(failure, log);
        }
    }

    @Test
    void wrongPasswordWithNtlm() throws Exception {
        server.stubFor(FakeWinrm.wsman().atPriority(1).withHeader(AUTHORIZATION, matching("Negotiate TlRMTVNTUAAB.*"))
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, "Negotiate " + NtlmMessages.challenge())));
        server.stubFor(FakeWinrm.wsman().atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, "Negotiate", "Kerberos")));
        try (CapturedLog log = CapturedLog.open();
                Backend backend = HypervSources.backend(url(), SourceTls.VERIFIED, "virtwho@example.com",
                        HypervSources.PASSWORD)) {
            BackendException failure = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                    backend::check);
            assertThat(failure).hasMessage("Hyper-V at " + url() + " refused the logon of user 'virtwho@example.com' "
                    + "with NTLM authentication: the user name or password is wrong, or the server does not allow NTLM "
                    + "authentication (Negotiate in the WinRM Service/Auth settings).");
            assertNoPassword(failure, log);
        }
    }

    @Test
    void serverOfferingNothingWeSpeak() throws Exception {
        server.stubFor(FakeWinrm.wsman().atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader(CHALLENGE, "Kerberos", "CredSSP")));
        try (Backend backend = HypervSources.backend(url())) {
            assertThatThrownBy(backend::check).hasMessage("Hyper-V at " + url() + " offers no authentication method "
                    + "that virt-who supports (it offers: Kerberos, CredSSP); allow Negotiate or Basic "
                    + "authentication in the WinRM Service/Auth settings.");
        }
    }

    private static String token(String header, String scheme) {
        assertThat(header).startsWith(scheme + " ");
        return header.substring(scheme.length() + 1);
    }

    private static void assertNoPassword(BackendException failure, CapturedLog log) {
        StringBuilder everything = new StringBuilder(log.text());
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            everything.append('\n').append(cause);
            for (StackTraceElement frame : cause.getStackTrace()) {
                everything.append('\n').append(frame);
            }
        }
        assertThat(everything.toString()).doesNotContain(HypervSources.PASSWORD);
        // Our own lines must not hold the Basic header either. (HttpClient's header and wire loggers do, at DEBUG:
        // the agent's logging configuration has to keep those quiet.)
        String basic = Base64.getEncoder().encodeToString(HypervSources.PASSWORD.getBytes(StandardCharsets.UTF_8));
        String encodedCredentials = Base64.getEncoder().encodeToString(
                (HypervSources.USER + ":" + HypervSources.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(log.lines()).filteredOn(line -> line.split(" ", 3)[1].startsWith("org.virtwho"))
                .noneMatch(line -> line.contains(encodedCredentials) || line.contains(basic));
    }
}
