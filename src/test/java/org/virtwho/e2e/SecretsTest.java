package org.virtwho.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords never show up in anything the agent writes: standard output, standard error, log files. The
 * agent runs with {@code -d} over sections that hold passwords in every way the configuration allows, some
 * of them broken so that error paths run too, and every byte it wrote is searched.
 */
class SecretsTest {
    @TempDir
    Path root;
    private Distribution distribution;

    private static final String PLAIN = "Pl41n-vcenter-S3cret";
    private static final String ENCRYPTED = "Encrypted-S3cret-Value";
    private static final String RHSM = "Rhsm-Basic-S3cret";
    private static final String PROXY = "Rhsm-Proxy-S3cret";
    private static final String SATELLITE = "Sat5-S3cret";
    private static final String RHSM_CONF_PROXY = "RhsmConf-Proxy-S3cret";
    private static final String BAD_PERCENT = "Percent-S3cret";
    private static final String MALFORMED = "Malformed-Line-S3cret";
    private static final String HYPERV = "Hyperv-Basic-S3cret";
    /** How an HTTP client's debug log would show it: the Authorization header of Basic authentication. */
    private static final String HYPERV_BASIC = Base64.getEncoder()
            .encodeToString(("admin:" + HYPERV).getBytes(StandardCharsets.UTF_8));
    private static final List<String> SECRETS = List.of(PLAIN, ENCRYPTED, RHSM, PROXY, SATELLITE,
            RHSM_CONF_PROXY, BAD_PERCENT, MALFORMED, HYPERV, HYPERV_BASIC);

    private WireMockServer winrm;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
        // A WinRM service that asks for Basic authentication and refuses every answer: the password is sent.
        winrm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        winrm.start();
        winrm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"WSMAN\"")));
    }

    @AfterEach
    void tearDown() {
        winrm.stop();
    }

    @Test
    void noPasswordInAnyOutputOrLog() throws Exception {
        Distribution.Run encrypt = distribution.run("virt-who-password", Map.of(), "-p", ENCRYPTED);
        assertThat(encrypt.exitCode()).as(encrypt.stderr()).isZero();
        String ciphertext = encrypt.stdout().strip();

        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        distribution.write("etc/rhsm/rhsm.conf", "[server]\nproxy_hostname=proxy\nproxy_password=" + RHSM_CONF_PROXY + "\n");
        Set<Path> configuration = Set.of(
                distribution.write("etc/virt-who.conf", "[global]\ndebug=true\n"),
                distribution.write("etc/virt-who.d/secrets.conf", """
                        [fake-with-secrets]
                        type=fake
                        file=%s
                        owner=ACME
                        password=%s
                        rhsm_username=admin
                        rhsm_password=%s
                        rhsm_proxy_hostname=proxy.example.com
                        rhsm_proxy_password=%s

                        [vcenter]
                        type=esx
                        server=vcenter.example.com
                        username=administrator@vsphere.local
                        encrypted_password=%s
                        owner=ACME

                        [satellite]
                        type=esx
                        server=vcenter2.example.com
                        username=admin
                        password=%s
                        sm_type=satellite
                        sat_server=sat.example.com
                        sat_username=admin
                        sat_password=%s

                        [broken-percent]
                        type=esx
                        server=vcenter3.example.com
                        username=admin
                        password=50%%-%s
                        owner=ACME

                        [broken-line]
                        type=esx
                        server=vcenter4.example.com
                        password %s

                        [hyperv]
                        type=hyperv
                        server=http://127.0.0.1:%d/wsman
                        username=admin
                        password=%s
                        owner=ACME
                        """.formatted(example, PLAIN, RHSM, PROXY, ciphertext, PLAIN, SATELLITE, BAD_PERCENT,
                        MALFORMED, winrm.port(), HYPERV).replace("%%", "%")));

        Distribution.Run run = distribution.virtWho("-d", "-p");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(winrm.getAllServeEvents()).as("the Hyper-V password was sent")
                .anyMatch(event -> event.getRequest().containsHeader("Authorization"));
        assertThat(run.stderr()).contains("[broken-percent] password:", "[broken-line]", "[vcenter]", "[hyperv]")
                .doesNotContain("cannot be decrypted");

        StringBuilder everything = new StringBuilder(run.stdout()).append(run.stderr());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!configuration.contains(file) && !file.endsWith("rhsm.conf") && !file.endsWith("key")) {
                    everything.append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(everything.toString()).contains("Using configuration \"fake-with-secrets\"");
        for (String secret : SECRETS) {
            assertThat(everything.toString()).as("output and logs must not contain " + secret).doesNotContain(secret);
        }
    }

    @Test
    void theEncryptedPasswordToolCreatesAPrivateKeyFile() throws IOException, InterruptedException {
        Distribution.Run run = distribution.run("virt-who-password", Map.of(), "--password=" + PLAIN);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).matches("[0-9a-f]{32,}\n");
        assertThat(run.stderr()).contains("Use following as value for encrypted_password key in the configuration file:")
                .doesNotContain(PLAIN);
        Path key = root.resolve("var/lib/virt-who/key");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(key.getParent())).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }
}
