package org.virtwho.backend;

import java.util.Optional;
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

    /**
     * Starts telling {@code changed} whenever the inventory may have changed (a guest started, stopped,
     * migrated...), so that interval mode can report early instead of waiting for the next interval. Calls
     * come from the backend's own thread, possibly in bursts: the caller debounces. A watching backend also
     * keeps its connection alive and reconnects by itself, calling {@code changed} once it is back.
     *
     * @return a handle that stops watching, or empty when this source cannot watch (then only the interval
     *         applies)
     */
    default Optional<Watch> watch(Runnable changed) throws BackendException {
        return Optional.empty();
    }

    /** Stops a {@link #watch}. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Releases connections and sessions; the default has none. */
    @Override
    default void close() {
    }
}
