package org.virtwho.http;

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
}
