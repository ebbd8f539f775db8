package org.virtwho.model;

import java.util.Objects;

/**
 * A virtual guest as reported to the server.
 *
 * @param uuid        the guest's UUID as the server matches it against the guest's own subscription facts
 * @param virtWhoType the kind of source that saw it ({@code libvirt}, {@code esx}, {@code fake}, ...)
 */
public record Guest(String uuid, GuestState state, String virtWhoType) {
    public Guest {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(virtWhoType, "virtWhoType");
    }
}
