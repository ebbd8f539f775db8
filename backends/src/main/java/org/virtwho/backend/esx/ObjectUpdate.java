package org.virtwho.backend.esx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One object's part of a {@code WaitForUpdatesEx} answer: it entered the filter, changed, or left it. */
record ObjectUpdate(Kind kind, MoRef obj, List<Change> changes) {

    ObjectUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(obj, "obj");
        changes = List.copyOf(changes);
    }

    enum Kind {
        ENTER, MODIFY, LEAVE;

        static Kind of(String text) {
            return switch (text.strip()) {
                case "enter" -> ENTER;
                case "modify" -> MODIFY;
                case "leave" -> LEAVE;
                default -> throw new IllegalArgumentException("unknown object update kind '" + text + "'");
            };
        }
    }

    enum Op {
        /** The property now has this value; without a value, it has none (an empty list, for instance). */
        ASSIGN,
        /** An element was added to a list property (only with partial updates, which we do not ask for). */
        ADD,
        /** The property was removed. */
        REMOVE,
        /** The property went away with the object or property that held it. */
        INDIRECT_REMOVE;

        static Op of(String text) {
            return switch (text.strip()) {
                case "assign" -> ASSIGN;
                case "add" -> ADD;
                case "remove" -> REMOVE;
                case "indirectRemove" -> INDIRECT_REMOVE;
                default -> throw new IllegalArgumentException("unknown property change operation '" + text + "'");
            };
        }
    }

    /** @param name the property path, e.g. {@code runtime.powerState} */
    record Change(String name, Op op, Optional<PropertyValue> value) {
        Change {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }
}
