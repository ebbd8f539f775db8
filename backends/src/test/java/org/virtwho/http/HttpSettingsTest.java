package org.virtwho.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtwho.config.Secret;

class HttpSettingsTest {
    private static final String PASSWORD = "s3cret-proxy-pa55";

    @Test
    void defaultsVerifyWithTheJvmTrustStoreWithoutProxyOrClientCertificate() {
        HttpSettings settings = HttpSettings.defaults("virt-who/1.0");

        assertThat(settings.caCertificates()).isEmpty();
        assertThat(settings.insecure()).isFalse();
        assertThat(settings.clientCertificate()).isEmpty();
        assertThat(settings.clientKey()).isEmpty();
        assertThat(settings.proxy()).isEmpty();
        assertThat(settings.noProxy()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.userAgent()).isEqualTo("virt-who/1.0");
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        ProxySettings proxy = new ProxySettings("proxy.example.com", 3128, Optional.empty(), Optional.empty());
        HttpSettings settings = HttpSettings.defaults("ua")
                .withCaCertificates(Path.of("/etc/rhsm/ca"))
                .withInsecure(true)
                .withClientCertificate(Path.of("cert.pem"), Path.of("key.pem"))
                .withProxy(proxy)
                .withNoProxy(List.of("example.com"))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(settings).isEqualTo(new HttpSettings(Optional.of(Path.of("/etc/rhsm/ca")), true,
                Optional.of(Path.of("cert.pem")), Optional.of(Path.of("key.pem")), Optional.of(proxy),
                List.of("example.com"), Duration.ofSeconds(1), Duration.ofSeconds(2), "ua"));
    }

    @Test
    void theNoProxyListIsCopied() {
        List<String> entries = new ArrayList<>(List.of("a.example"));
        HttpSettings settings = HttpSettings.defaults("ua").withNoProxy(entries);
        entries.add("b.example");

        assertThat(settings.noProxy()).containsExactly("a.example");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        HttpSettings settings = HttpSettings.defaults("ua");

        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("responseTimeout");
        assertThatThrownBy(() -> new HttpSettings(Optional.empty(), false, Optional.empty(), Optional.of(Path.of("k")),
                Optional.empty(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), "ua"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSettings.defaults(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxySettings("proxy", 0, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxySettings("", 3128, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordNeverShows() {
        ProxySettings proxy = new ProxySettings("proxy.example.com", 3128, Optional.of("alice"),
                Optional.of(Secret.of(PASSWORD)));
        HttpSettings settings = HttpSettings.defaults("ua").withProxy(proxy);

        assertThat(proxy.toString()).contains("proxy.example.com", "3128", "alice").doesNotContain(PASSWORD);
        assertThat(settings.toString()).doesNotContain(PASSWORD);
    }
}
