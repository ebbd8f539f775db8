package org.virtwho.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A hypervisor host as a source collected it, before the configuration chose which of its identities is
 * reported ({@code hypervisor_id}) and whether it passes the section's filters.
 *
 * @param name  the host's display name, if the source knows one
 * @param facts in the order they are reported
 */
public record Host(HostIdentity identity, Optional<String> name, List<Guest> guests, Map<String, Object> facts) {
    public Host {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        guests = List.copyOf(guests);
        facts = Facts.copyOf(facts);
    }
}
