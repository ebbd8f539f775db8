package org.virtwho.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A hypervisor as reported: the id chosen by {@code hypervisor_id}, an optional name, its guests in the order
 * the source listed them, and its facts.
 */
public record Hypervisor(String hypervisorId, Optional<String> name, List<Guest> guests, Map<String, Object> facts) {
    public Hypervisor {
        Objects.requireNonNull(hypervisorId, "hypervisorId");
        Objects.requireNonNull(name, "name");
        guests = List.copyOf(guests);
        facts = Facts.copyOf(facts);
    }
}
