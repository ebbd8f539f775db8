package org.virtwho.destination.print;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtwho.model.Guest;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/**
 * Print mode's destination: every section's report merged into one {@code {"hypervisors": [...]}} document,
 * laid out as upstream prints it. A hypervisor has {@code hypervisorId}, then {@code name} and {@code facts}
 * only when not empty; guests keep the source's order; a guest list prints as an entry with
 * {@code guestIds} alone.
 */
public final class MappingPrinter {

    /**
     * Writes one hypervisor at a time, so a large inventory is never held twice; the caller's writer should
     * buffer. The output equals {@code json.dumps({"hypervisors": [...]}, indent=4)}.
     */
    public void print(List<Report> reports, Writer out) throws IOException {
        PythonJsonWriter json = new PythonJsonWriter(out);
        boolean first = true;
        for (Report report : reports) {
            for (Object entry : entries(report)) {
                out.write(first ? "{\n    \"hypervisors\": [\n" : ",\n");
                first = false;
                json.indent(2);
                json.write(entry, 2);
            }
        }
        out.write(first ? "{\n    \"hypervisors\": []\n}\n" : "\n    ]\n}\n");
        out.flush();
    }

    /** The document entries of one report, made as they are iterated. */
    private static Iterable<Object> entries(Report report) {
        if (report instanceof Report.HostGuestMapping mapping) {
            return () -> mapping.hypervisors().stream().map(MappingPrinter::hypervisor).map(Object.class::cast).iterator();
        }
        Report.GuestList list = (Report.GuestList) report;
        return List.of(Map.of("guestIds", guests(list.guests())));
    }

    private static Map<String, Object> hypervisor(Hypervisor hypervisor) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("hypervisorId", Map.of("hypervisorId", hypervisor.hypervisorId()));
        hypervisor.name().filter(name -> !name.isEmpty()).ifPresent(name -> entry.put("name", name));
        entry.put("guestIds", guests(hypervisor.guests()));
        if (!hypervisor.facts().isEmpty()) {
            entry.put("facts", hypervisor.facts());
        }
        return entry;
    }

    private static List<Object> guests(List<Guest> guests) {
        List<Object> entries = new ArrayList<>(guests.size());
        for (Guest guest : guests) {
            entries.add(guest(guest));
        }
        return entries;
    }

    /** Key order guestId, state, attributes (virtWhoType, active), as upstream's {@code Guest.toDict}. */
    static Map<String, Object> guest(Guest guest) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("virtWhoType", guest.virtWhoType());
        attributes.put("active", guest.state().isActive() ? 1 : 0);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("guestId", guest.uuid());
        entry.put("state", guest.state().code());
        entry.put("attributes", attributes);
        return entry;
    }
}
