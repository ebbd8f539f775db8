package org.virtwho.backend.hyperv;

import java.util.List;
import java.util.Optional;

/**
 * One answer of an enumeration (to Enumerate or to Pull): its items, and how to go on.
 *
 * @param context the enumeration context for the next Pull; empty once the service has nothing left
 * @param end     the service said EndOfSequence: the enumeration is complete
 */
record EnumerationPage(List<WmiInstance> items, Optional<String> context, boolean end) {
    EnumerationPage {
        items = List.copyOf(items);
    }

    /** True when another Pull is needed to get the rest. */
    boolean hasMore() {
        return !end && context.isPresent();
    }
}
