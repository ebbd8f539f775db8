package org.virtwho.backend;

import org.virtwho.model.Inventory;

/**
 * One configured source. {@link #collect()} asks the hypervisor or its manager what runs where, once; the
 * agent shapes the answer into a report with {@link ReportShaper}, so a backend never applies
 * {@code hypervisor_id} or the host filters itself.
 */
public interface Backend extends AutoCloseable {

    Inventory collect() throws BackendException;

    /** For status mode: connects and authenticates, and reads enough to know the source answers. */
    default void check() throws BackendException {
        collect();
    }

    /** Releases connections and sessions; the default has none. */
    @Override
    default void close() {
    }
}
