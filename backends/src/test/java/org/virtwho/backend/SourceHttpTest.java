package org.virtwho.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtwho.config.SourceTls;
import org.virtwho.http.HttpSettings;

class SourceHttpTest {

    @Test
    void picksTheProxyOfTheUrlsScheme() {
        Map<String, String> environment = Map.of("https_proxy", "http://secure:3129", "http_proxy", "plain:8080");

        assertThat(SourceHttp.proxy("https://vcenter/sdk", environment)).hasValueSatisfying(
                proxy -> assertThat(proxy.host() + ":" + proxy.port()).isEqualTo("secure:3129"));
        assertThat(SourceHttp.proxy("http://hyperv:5985/wsman", environment)).hasValueSatisfying(
                proxy -> assertThat(proxy.host() + ":" + proxy.port()).isEqualTo("plain:8080"));
        assertThat(SourceHttp.proxy("http://hyperv:5985/wsman", Map.of("HTTP_PROXY", "upper"))).isPresent();
        assertThat(SourceHttp.proxy("https://vcenter/sdk", Map.of("http_proxy", "plain:8080"))).isEmpty();
    }

    @Test
    void carriesTheSectionsTlsChoiceAndNoProxy() {
        BackendContext context = new BackendContext(Map.of("no_proxy", "a.example.com, .b.example.com"));
        Path ca = Path.of("/etc/pki/vcenter-ca.pem");

        HttpSettings settings = SourceHttp.settings("https://vcenter/sdk", new SourceTls(Optional.of(ca), false),
                context, Duration.ofSeconds(90));

        assertThat(settings.caCertificates()).contains(ca);
        assertThat(settings.insecure()).isFalse();
        assertThat(settings.noProxy()).isEqualTo(List.of("a.example.com", ".b.example.com"));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.proxy()).isEmpty();
        assertThat(SourceHttp.settings("https://vcenter/sdk", new SourceTls(Optional.empty(), true), context,
                Duration.ofSeconds(90)).insecure()).isTrue();
    }
}
