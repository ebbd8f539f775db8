package org.virtwho.backend.esx;

import java.util.List;

/** The value of one property in an update, reduced to the three shapes virt-who's properties take. */
sealed interface PropertyValue {

    /** A string, number, boolean or enumeration, as the server wrote it. */
    record Text(String text) implements PropertyValue {
    }

    /** A reference to another object, such as a host's {@code parent}. */
    record Ref(MoRef ref) implements PropertyValue {
    }

    /** A list of references, such as a host's {@code vm}. */
    record Refs(List<MoRef> refs) implements PropertyValue {
        public Refs {
            refs = List.copyOf(refs);
        }
    }
}
