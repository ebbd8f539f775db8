package org.virtwho.destination.candlepin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtwho.config.RhsmSettings;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.http.HttpSettings;
import org.virtwho.http.ProxySettings;

/**
 * Works out a section's destination from rhsm.conf, the section's {@code rhsm_*} keys and the proxy
 * variables of the environment ({@code [system_environment]} included), as upstream does.
 */
public final class TargetResolver {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** python-rhsm's port when a proxy host is named without one. */

    private final RhsmSettings rhsm;
    private final Map<String, String> environment;
    private final String userAgent;

    public TargetResolver(RhsmSettings rhsm, Map<String, String> environment, String userAgent) {
        this.rhsm = rhsm;
        this.environment = environment;
        this.userAgent = userAgent;
    }

    /** @throws IllegalArgumentException for settings no connection can use (a proxy port of 0, say) */
    public CandlepinTarget resolve(SourceConfig source) {
        RhsmSettings settings = rhsm.withOverrides(source.rhsm());
        Credentials credentials = source.rhsm().username().isPresent() && source.rhsm().password().isPresent()
                ? new Credentials.Basic(source.rhsm().username().get(), source.rhsm().password().get())
                : new Credentials.ConsumerCertificate(settings.consumerCertDirectory().resolve("cert.pem"),
                        settings.consumerCertDirectory().resolve("key.pem"));
        // A server_timeout of 0 would mean "wait forever" to the HTTP client.
        HttpSettings http = HttpSettings.defaults(userAgent)
                .withTimeouts(CONNECT_TIMEOUT, Duration.ofSeconds(Math.max(1, settings.serverTimeoutSeconds())))
                .withInsecure(settings.insecure())
                .withNoProxy(noProxy(settings));
        if (hasCertificates(settings.caCertDirectory())) {
            http = http.withCaCertificates(settings.caCertDirectory());
        }
        if (credentials instanceof Credentials.ConsumerCertificate certificate) {
            http = http.withClientCertificate(certificate.certificate(), certificate.key());
        }
        Optional<ProxySettings> proxy = proxy(settings);
        if (proxy.isPresent()) {
            http = http.withProxy(proxy.get());
        }
        return new CandlepinTarget(base(settings), http, credentials, source.owner());
    }

    static URI base(RhsmSettings settings) {
        String prefix = settings.prefix().strip();
        prefix = prefix.isEmpty() || prefix.startsWith("/") ? prefix : "/" + prefix;
        prefix = prefix.replaceAll("/+$", "");
        return URI.create("https://" + settings.hostname() + ":" + settings.port() + prefix);
    }

    /** The rhsm.conf CA directory, when it holds certificates; else the JVM's trust store decides. */
    private static boolean hasCertificates(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.toString().endsWith(".pem"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** rhsm.conf's proxy, else {@code https_proxy} (or {@code http_proxy}, which upstream copies over it). */
    private Optional<ProxySettings> proxy(RhsmSettings settings) {
        if (settings.proxyHostname().isPresent()) {
            return Optional.of(new ProxySettings(settings.proxyHostname().get(),
                    settings.proxyPort().orElse(ProxySettings.DEFAULT_PORT), settings.proxyUser(), settings.proxyPassword()));
        }
        return Stream.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY")
                .map(environment::get)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .flatMap(ProxySettings::fromUrl);
    }

    private List<String> noProxy(RhsmSettings settings) {
        String value = settings.noProxy()
                .orElseGet(() -> environment.getOrDefault("no_proxy", environment.getOrDefault("NO_PROXY", "")));
        return ProxySettings.noProxyEntries(value);
    }
}
