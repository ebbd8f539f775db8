package org.virtwho.destination.candlepin;

import java.nio.file.Path;
import org.virtwho.config.Secret;

/** How the agent proves who it is to the entitlement server. */
public sealed interface Credentials {

    /** {@code rhsm_username} and {@code rhsm_password}: HTTP Basic. */
    record Basic(String username, Secret password) implements Credentials {
    }

    /** The consumer certificate of this registered system ({@code /etc/pki/consumer}): mutual TLS. */
    record ConsumerCertificate(Path certificate, Path key) implements Credentials {
    }
}
