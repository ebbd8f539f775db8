package org.virtwho.config;

import java.util.Optional;

/** A section's {@code rhsm_*} keys, each overriding the same setting of {@code /etc/rhsm/rhsm.conf}. */
public record RhsmOverrides(
        Optional<String> username,
        Optional<Secret> password,
        Optional<String> hostname,
        Optional<Integer> port,
        Optional<String> prefix,
        Optional<String> proxyHostname,
        Optional<Integer> proxyPort,
        Optional<String> proxyUser,
        Optional<Secret> proxyPassword,
        Optional<String> noProxy,
        Optional<Boolean> insecure) {

    public static final RhsmOverrides NONE = new RhsmOverrides(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
