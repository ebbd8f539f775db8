package org.virtwho.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.virtwho.config.Secret;

/**
 * The HTTP proxy that requests go through (HTTPS by {@code CONNECT}), and the Basic credentials it wants.
 * The record's {@link #toString()} is safe to log: a {@link Secret} shows as stars.
 *
 * @param user     the proxy user; without one no credentials are sent, even when a password is given
 * @param password the proxy user's password; none means an empty password
 */
public record ProxySettings(String host, int port, Optional<String> user, Optional<Secret> password) {

    /** Squid's port, which python-rhsm and requests assume when a proxy names none. */
    public static final int DEFAULT_PORT = 3128;

    public ProxySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a proxy needs a host name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is not between 1 and 65535");
        }
    }

    /** The entries of a {@code no_proxy} value: comma-separated, blanks ignored. */
    public static List<String> noProxyEntries(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** {@code http://user:password@host:port}; upstream rewrites an https:// proxy URL to http:// too. */
    public static Optional<ProxySettings> fromUrl(String value) {
        String url = value.strip();
        url = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        url = url.replaceAll("/.*$", "");
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        int at = url.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = url.substring(0, at);
            url = url.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo));
            password = colon >= 0 ? Optional.of(Secret.of(decode(userInfo.substring(colon + 1)))) : Optional.empty();
        }
        int colon = url.lastIndexOf(':');
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (colon > 0 && !url.endsWith("]")) {
            try {
                return Optional.of(new ProxySettings(url.substring(0, colon),
                        Integer.parseInt(url.substring(colon + 1)), user, password));
            } catch (IllegalArgumentException e) {
                // an unusable port: the variable is ignored, as tools that read it do
                return Optional.empty();
            }
        }
        return Optional.of(new ProxySettings(url, DEFAULT_PORT, user, password));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
