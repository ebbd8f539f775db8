package org.virtwho.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the entitlement server, from {@code /etc/rhsm/rhsm.conf}; a section's {@code rhsm_*} keys are
 * laid over it with {@link #withOverrides(RhsmOverrides)}.
 *
 * @param insecure true only for a true value: upstream hands the text "0" to code that treats any non-empty
 *                 string as true, so it never verifies TLS; here "0" means verify
 */
public record RhsmSettings(
        String hostname,
        int port,
        String prefix,
        Optional<String> proxyHostname,
        Optional<Integer> proxyPort,
        Optional<String> proxyUser,
        Optional<Secret> proxyPassword,
        Optional<String> noProxy,
        boolean insecure,
        int serverTimeoutSeconds,
        Path caCertDirectory,
        Path consumerCertDirectory) {

    public static final String DEFAULT_HOSTNAME = "subscription.rhsm.redhat.com";
    public static final int DEFAULT_PORT = 443;
    public static final String DEFAULT_PREFIX = "/subscription";
    public static final int DEFAULT_SERVER_TIMEOUT = 180;

    public RhsmSettings withOverrides(RhsmOverrides overrides) {
        return new RhsmSettings(
                overrides.hostname().orElse(hostname),
                overrides.port().orElse(port),
                overrides.prefix().orElse(prefix),
                overrides.proxyHostname().or(() -> proxyHostname),
                overrides.proxyPort().or(() -> proxyPort),
                overrides.proxyUser().or(() -> proxyUser),
                overrides.proxyPassword().or(() -> proxyPassword),
                overrides.noProxy().or(() -> noProxy),
                overrides.insecure().orElse(insecure),
                serverTimeoutSeconds,
                caCertDirectory,
                consumerCertDirectory);
    }
}
