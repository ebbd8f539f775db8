package org.virtwho.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtwho.config.SourceTls;
import org.virtwho.http.HttpSettings;
import org.virtwho.http.ProxySettings;

/**
 * The HTTP settings every HTTP-based source starts from: its section's TLS choice, and the proxy that Python's
 * requests library would pick for the source's URL from the environment ({@code https_proxy} for an https URL,
 * {@code http_proxy} for a plain one, and {@code no_proxy}), so that a proxy set for upstream in
 * {@code [system_environment]} keeps working.
 */
public final class SourceHttp {
    /** Sent to sources, which have no use for our version; destinations send python-rhsm's form instead. */
    public static final String USER_AGENT = "virt-who";

    private SourceHttp() {
    }

    public static HttpSettings settings(String url, SourceTls tls, BackendContext context, Duration responseTimeout) {
        HttpSettings settings = HttpSettings.defaults(USER_AGENT)
                .withInsecure(tls.insecure())
                .withNoProxy(noProxy(context.environment()))
                .withResponseTimeout(responseTimeout);
        if (tls.caCertificates().isPresent()) {
            settings = settings.withCaCertificates(tls.caCertificates().get());
        }
        Optional<ProxySettings> proxy = proxy(url, context.environment());
        return proxy.isPresent() ? settings.withProxy(proxy.get()) : settings;
    }

    /** A server URL fit for messages: a user name or password written into it is left out. */
    public static String shown(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return String.valueOf(url.getHost());
        }
    }

    /** The same for a URL that did not parse. */
    public static String shown(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }

    static Optional<ProxySettings> proxy(String url, Map<String, String> environment) {
        String scheme = Optional.ofNullable(URI.create(url).getScheme()).orElse("https");
        return Stream.of(scheme + "_proxy", scheme.toUpperCase() + "_PROXY")
                .map(environment::get)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .flatMap(ProxySettings::fromUrl);
    }

    private static List<String> noProxy(Map<String, String> environment) {
        return ProxySettings.noProxyEntries(environment.getOrDefault("no_proxy",
                environment.getOrDefault("NO_PROXY", "")));
    }
}
