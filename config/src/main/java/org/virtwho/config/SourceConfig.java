package org.virtwho.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One valid source section: where to collect a mapping from, and where to send it.
 *
 * @param name      the section name, unique across all files
 * @param file      the file the section came from, {@code null} for the built-in default section
 * @param server    the server as upstream keeps it (normalised for libvirt, ESX and RHEV-M); empty for local
 *                  libvirt and fake
 * @param owner     the Candlepin organisation the mapping is sent to; empty for the local host's consumer
 * @param satellite Satellite 5 settings when {@code sm_type=satellite}
 */
public record SourceConfig(
        String name,
        Path file,
        SourceType type,
        SmType smType,
        HypervisorIdKind hypervisorId,
        String server,
        Optional<String> username,
        Optional<Secret> password,
        Optional<String> owner,
        HostFilter filter,
        RhsmOverrides rhsm,
        Optional<Satellite> satellite,
        BackendOptions options) {

    public enum SmType {
        SAM, SATELLITE;

        public String configName() {
            return this == SAM ? "sam" : "satellite";
        }
    }

    public record Satellite(String server, String username, Secret password) {
    }

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
    }
}
