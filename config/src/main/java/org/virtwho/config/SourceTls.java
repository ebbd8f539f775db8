package org.virtwho.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a source's HTTPS peer is verified: against the system's CA certificates, or against {@code ca_cert} (a PEM
 * file or a directory of them), or not at all when {@code insecure} is set. Upstream never verifies vCenter or
 * Hyper-V; we verify unless told not to.
 */
public record SourceTls(Optional<Path> caCertificates, boolean insecure) {

    public static final SourceTls VERIFIED = new SourceTls(Optional.empty(), false);

    public SourceTls {
        Objects.requireNonNull(caCertificates, "caCertificates");
    }
}
