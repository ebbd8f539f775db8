package org.virtwho.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.virtwho.config.HypervisorIdKind;

/** The identities a source knows for one host: its UUID, its host name, its id at its manager. */
public final class HostIdentity {
    private final Map<HypervisorIdKind, String> ids;

    private HostIdentity(Map<HypervisorIdKind, String> ids) {
        this.ids = ids;
    }

    public static HostIdentity of(Map<HypervisorIdKind, String> ids) {
        Map<HypervisorIdKind, String> copy = new EnumMap<>(HypervisorIdKind.class);
        ids.forEach((kind, id) -> {
            if (id != null && !id.isEmpty()) {
                copy.put(kind, id);
            }
        });
        return new HostIdentity(copy);
    }

    /** A host known by one id only, which stands for whatever {@code hypervisor_id} asks (the fake source). */
    public static HostIdentity fixed(String id) {
        Map<HypervisorIdKind, String> ids = new EnumMap<>(HypervisorIdKind.class);
        for (HypervisorIdKind kind : HypervisorIdKind.values()) {
            ids.put(kind, id);
        }
        return new HostIdentity(ids);
    }

    public Optional<String> get(HypervisorIdKind kind) {
        return Optional.ofNullable(ids.get(kind));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostIdentity identity && identity.ids.equals(ids);
    }

    @Override
    public int hashCode() {
        return ids.hashCode();
    }

    @Override
    public String toString() {
        return "HostIdentity" + ids;
    }
}
