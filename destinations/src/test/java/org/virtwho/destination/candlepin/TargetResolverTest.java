package org.virtwho.destination.candlepin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.RhsmSettings;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;
import org.virtwho.http.ProxySettings;

/** Every connection setting's way from rhsm.conf, the section and the environment to the destination. */
class TargetResolverTest {
    @TempDir
    Path directory;

    private RhsmSettings rhsm(Optional<String> proxyHost, boolean insecure) {
        return new RhsmSettings("cp.example.com", 8443, "candlepin/", proxyHost, Optional.of(3129),
                Optional.of("proxy-user"), Optional.of(Secret.of("proxy-pass")), Optional.of("internal.example.com"),
                insecure, 90, directory.resolve("ca"), directory.resolve("consumer"));
    }

    private static SourceConfig section(RhsmOverrides rhsm) {
        return new SourceConfig("vcenter", null, SourceType.FAKE, SourceConfig.SmType.SAM, HypervisorIdKind.UUID, "",
                Optional.empty(), Optional.empty(), Optional.of("ACME"), HostFilter.NONE, rhsm, Optional.empty(),
                new BackendOptions.Fake(Path.of("x.json"), true));
    }

    private static RhsmOverrides basic(String user, String password) {
        return new RhsmOverrides(Optional.of(user), Optional.of(Secret.of(password)), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void rhsmConfNamesTheServerAndTheProxy() {
        CandlepinTarget target = new TargetResolver(rhsm(Optional.of("proxy.example.com"), false), Map.of(), "ua")
                .resolve(section(RhsmOverrides.NONE));
        assertThat(target.base()).isEqualTo(URI.create("https://cp.example.com:8443/candlepin"));
        assertThat(target.owner()).contains("ACME");
        assertThat(target.http().proxy()).contains(new ProxySettings("proxy.example.com", 3129,
                Optional.of("proxy-user"), Optional.of(Secret.of("proxy-pass"))));
        assertThat(target.http().noProxy()).containsExactly("internal.example.com");
        assertThat(target.http().responseTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(target.http().insecure()).isFalse();
        assertThat(target.http().userAgent()).isEqualTo("ua");
    }

    @Test
    void withoutUsernameAndPasswordTheConsumerCertificateAuthenticates() {
        CandlepinTarget target = new TargetResolver(rhsm(Optional.empty(), false), Map.of(), "ua")
                .resolve(section(RhsmOverrides.NONE));
        assertThat(target.credentials()).isEqualTo(new Credentials.ConsumerCertificate(
                directory.resolve("consumer/cert.pem"), directory.resolve("consumer/key.pem")));
        assertThat(target.http().clientCertificate()).contains(directory.resolve("consumer/cert.pem"));
    }

    @Test
    void rhsmUsernameAndPasswordMeanBasicAuthentication() {
        CandlepinTarget target = new TargetResolver(rhsm(Optional.empty(), true), Map.of(), "ua")
                .resolve(section(basic("admin", "s3cret")));
        assertThat(target.credentials()).isEqualTo(new Credentials.Basic("admin", Secret.of("s3cret")));
        assertThat(target.http().clientCertificate()).isEmpty();
        assertThat(target.http().insecure()).isTrue();
        assertThat(target.toString()).doesNotContain("s3cret");
    }

    @Test
    void theCaDirectoryIsTrustedWhenItHoldsCertificates() throws IOException {
        TargetResolver resolver = new TargetResolver(rhsm(Optional.empty(), false), Map.of(), "ua");
        assertThat(resolver.resolve(section(RhsmOverrides.NONE)).http().caCertificates()).isEmpty();
        Files.createDirectories(directory.resolve("ca"));
        Files.writeString(directory.resolve("ca/redhat-uep.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(resolver.resolve(section(RhsmOverrides.NONE)).http().caCertificates()).contains(directory.resolve("ca"));
    }

    @Test
    void withoutARhsmProxyTheEnvironmentsProxyIsUsed() {
        Map<String, String> environment = Map.of("https_proxy", "http://user:p%40ss@squid.example.com:3128/",
                "no_proxy", "localhost, .lab.example.com");
        RhsmSettings settings = new RhsmSettings("cp", 443, "/subscription", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, 180, directory, directory);
        CandlepinTarget target = new TargetResolver(settings, environment, "ua").resolve(section(RhsmOverrides.NONE));
        assertThat(target.http().proxy()).contains(new ProxySettings("squid.example.com", 3128, Optional.of("user"),
                Optional.of(Secret.of("p@ss"))));
        assertThat(target.http().noProxy()).containsExactly("localhost", ".lab.example.com");
    }

    @Test
    void proxyUrlsAsUsersWriteThem() {
        assertThat(ProxySettings.fromUrl("squid:8080")).contains(
                new ProxySettings("squid", 8080, Optional.empty(), Optional.empty()));
        assertThat(ProxySettings.fromUrl("https://squid")).contains(
                new ProxySettings("squid", 3128, Optional.empty(), Optional.empty()));
        assertThat(ProxySettings.fromUrl("http://squid:0")).isEmpty();
        assertThat(ProxySettings.fromUrl("http://")).isEmpty();
    }

    @Test
    void sectionsWithTheSameSettingsShareOneDestination() {
        TargetResolver resolver = new TargetResolver(rhsm(Optional.empty(), false), Map.of(), "ua");
        assertThat(resolver.resolve(section(basic("a", "b")))).isEqualTo(resolver.resolve(section(basic("a", "b"))));
        assertThat(resolver.resolve(section(basic("a", "b")))).isNotEqualTo(resolver.resolve(section(basic("a", "c"))));
        assertThat(List.of(resolver.resolve(section(RhsmOverrides.NONE)))).hasSize(1);
    }
}
