package org.virtwho.backend.esx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Reads the {@code returnval} of {@code WaitForUpdatesExResponse} (an {@code UpdateSet}) as it streams in,
 * handing each object update on as soon as it is complete, so that an answer about 20,000 VMs is never held
 * whole. Parts we do not ask for ({@code missingSet}, partial-update details) are skipped.
 */
final class UpdateSetReader {

    /** How an update set ended: the version to ask from next, and whether the server has more at once. */
    record End(String version, boolean truncated) {
    }

    private UpdateSetReader() {
    }

    /** @param cursor on the {@code returnval} start tag */
    static End read(StaxCursor cursor, Consumer<ObjectUpdate> updates) throws XMLStreamException {
        String version = "";
        boolean truncated = false;
        while (cursor.nextChild()) {
            switch (cursor.name()) {
                case "version" -> version = cursor.text().strip();
                case "truncated" -> truncated = Boolean.parseBoolean(cursor.text().strip());
                case "filterSet" -> readFilterUpdate(cursor, updates);
                default -> cursor.skip();
            }
        }
        return new End(version, truncated);
    }

    private static void readFilterUpdate(StaxCursor cursor, Consumer<ObjectUpdate> updates) throws XMLStreamException {
        while (cursor.nextChild()) {
            if (cursor.name().equals("objectSet")) {
                updates.accept(readObjectUpdate(cursor));
            } else {
                cursor.skip();
            }
        }
    }

    private static ObjectUpdate readObjectUpdate(StaxCursor cursor) throws XMLStreamException {
        ObjectUpdate.Kind kind = null;
        MoRef obj = null;
        List<ObjectUpdate.Change> changes = new ArrayList<>();
        while (cursor.nextChild()) {
            switch (cursor.name()) {
                case "kind" -> kind = ObjectUpdate.Kind.of(cursor.text());
                case "obj" -> obj = cursor.ref();
                case "changeSet" -> changes.add(readChange(cursor));
                default -> cursor.skip();
            }
        }
        if (kind == null || obj == null) {
            throw new XMLStreamException("an object update without its kind or object");
        }
        return new ObjectUpdate(kind, obj, changes);
    }

    private static ObjectUpdate.Change readChange(StaxCursor cursor) throws XMLStreamException {
        String name = null;
        ObjectUpdate.Op op = null;
        Optional<PropertyValue> value = Optional.empty();
        while (cursor.nextChild()) {
            switch (cursor.name()) {
                case "name" -> name = cursor.text().strip();
                case "op" -> op = ObjectUpdate.Op.of(cursor.text());
                case "val" -> value = Optional.of(readValue(cursor));
                default -> cursor.skip();
            }
        }
        if (name == null || op == null) {
            throw new XMLStreamException("a property change without its name or operation");
        }
        return new ObjectUpdate.Change(name, op, value);
    }

    private static PropertyValue readValue(StaxCursor cursor) throws XMLStreamException {
        String type = cursor.xsiType().orElse("");
        if (type.equals("ArrayOfManagedObjectReference")) {
            List<MoRef> refs = new ArrayList<>();
            while (cursor.nextChild()) {
                refs.add(cursor.ref());
            }
            return new PropertyValue.Refs(refs);
        }
        if (type.equals("ManagedObjectReference")) {
            return new PropertyValue.Ref(cursor.ref());
        }
        if (type.startsWith("ArrayOf")) {
            // No property we ask for is another kind of list; keep the update readable all the same.
            cursor.skip();
            return new PropertyValue.Text("");
        }
        return new PropertyValue.Text(cursor.text());
    }
}
