package org.virtwho.backend.esx;

import java.util.List;
import java.util.function.Function;

/**
 * The inventory as last synchronised, shared between the thread that pulls updates and the one that reports.
 * A full synchronisation is built aside and swapped in whole, so a report never sees half of one.
 */
final class SyncedInventory {
    private VsphereInventory current = new VsphereInventory();

    synchronized void replace(VsphereInventory complete) {
        current = complete;
    }

    synchronized void apply(List<ObjectUpdate> updates) {
        updates.forEach(current::apply);
    }

    synchronized <T> T read(Function<VsphereInventory, T> reader) {
        return reader.apply(current);
    }
}
