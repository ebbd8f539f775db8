package org.virtwho.config;

import java.util.Locale;
import java.util.Optional;

/** Which identity of a host is reported as its {@code hypervisorId} ({@code hypervisor_id=}). */
public enum HypervisorIdKind {
    /** The host's system UUID, the default. */
    UUID,
    /** The host's own identifier at its manager (a vCenter managed object id such as {@code host-9}). */
    HWUUID,
    HOSTNAME;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HypervisorIdKind> fromConfigName(String name) {
        for (HypervisorIdKind kind : values()) {
            if (kind.configName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
