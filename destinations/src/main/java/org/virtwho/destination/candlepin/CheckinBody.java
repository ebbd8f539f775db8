package org.virtwho.destination.candlepin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.virtwho.model.Guest;
import org.virtwho.model.Hypervisor;
import org.virtwho.model.Report;

/**
 * The JSON bodies virt-who sends to the server, shaped as upstream shapes them (behaviour report §4.2, §4.3).
 *
 * <p>The text is compact and pure ASCII: every non-ASCII character is written as a {@code \\uXXXX} escape, as
 * Python's {@code json.dumps} does for upstream. The check-in travels as {@code text/plain}, and an ASCII body
 * reads the same whatever charset the server or a proxy assumes for it.
 */
final class CheckinBody {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();
    /** Upstream sorts guests by id (Python string order, which is Java's for the ASCII of UUIDs). */
    private static final Comparator<Guest> BY_GUEST_ID = Comparator.comparing(Guest::uuid);

    private CheckinBody() {
    }

    /**
     * The body of {@code POST /hypervisors/{owner}}: {@code {"hypervisors": [...]}} with every hypervisor of every
     * mapping, in order. Each is {@code hypervisorId}, {@code name} (left out when empty), {@code guestIds} sorted
     * by guest id, {@code facts} (left out when empty).
     *
     * @throws IllegalArgumentException if a fact value is not a string, number, boolean or {@code null}
     */
    static String of(List<Report.HostGuestMapping> mappings) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("hypervisors");
            for (Report.HostGuestMapping mapping : mappings) {
                for (Hypervisor hypervisor : mapping.hypervisors()) {
                    hypervisor(json, hypervisor);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * Hypervisor ids reported more than once, by different mappings or twice by one, each named once as first
     * seen. The server matches ids case-insensitively and keeps only the last entry of an id, so these deserve
     * upstream's warning: "The hypervisor id '%s' is assigned to 2 different systems. Only one will be recorded
     * at the server." Every entry is still sent, as upstream does.
     */
    static List<String> duplicateIds(List<Report.HostGuestMapping> mappings) {
        Map<String, String> firstSpelling = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Report.HostGuestMapping mapping : mappings) {
            for (Hypervisor hypervisor : mapping.hypervisors()) {
                String key = hypervisor.hypervisorId().toLowerCase(Locale.ROOT);
                firstSpelling.putIfAbsent(key, hypervisor.hypervisorId());
                count.merge(key, 1, Integer::sum);
            }
        }
        List<String> duplicates = new ArrayList<>();
        count.forEach((key, times) -> {
            if (times > 1) {
                duplicates.add(firstSpelling.get(key));
            }
        });
        return List.copyOf(duplicates);
    }

    /**
     * The body of {@code PUT /consumers/{uuid}} for the guests of the agent's own host:
     * {@code {"guestIds": [...], "hypervisorId": {"hypervisorId": id}}}, guests sorted by id, {@code hypervisorId}
     * left out when the source does not know it.
     */
    static String guestList(Report.GuestList list) {
        return write(json -> {
            json.writeStartObject();
            guests(json, list.guests());
            Optional<String> id = list.hypervisorId().filter(value -> !value.isEmpty());
            if (id.isPresent()) {
                hypervisorId(json, id.get());
            }
            json.writeEndObject();
        });
    }

    private static void hypervisor(JsonGenerator json, Hypervisor hypervisor) throws IOException {
        json.writeStartObject();
        hypervisorId(json, hypervisor.hypervisorId());
        Optional<String> name = hypervisor.name().filter(value -> !value.isEmpty());
        if (name.isPresent()) {
            json.writeStringField("name", name.get());
        }
        guests(json, hypervisor.guests());
        if (!hypervisor.facts().isEmpty()) {
            json.writeObjectFieldStart("facts");
            for (Map.Entry<String, Object> fact : hypervisor.facts().entrySet()) {
                json.writeFieldName(fact.getKey());
                factValue(json, fact.getKey(), fact.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** The server reads the id from a nested object: it is a {@code HypervisorIdDTO}. */
    private static void hypervisorId(JsonGenerator json, String id) throws IOException {
        json.writeObjectFieldStart("hypervisorId");
        json.writeStringField("hypervisorId", id);
        json.writeEndObject();
    }

    /**
     * Guests as objects, never as plain id strings: the check-in's reader only takes objects (contract §1). The
     * server ignores {@code state}; upstream sends it, and so do we. {@code active} is a number, as upstream's;
     * the server turns it into the string it stores.
     */
    private static void guests(JsonGenerator json, List<Guest> guests) throws IOException {
        json.writeArrayFieldStart("guestIds");
        for (Guest guest : guests.stream().sorted(BY_GUEST_ID).toList()) {
            json.writeStartObject();
            json.writeStringField("guestId", guest.uuid());
            json.writeNumberField("state", guest.state().code());
            json.writeObjectFieldStart("attributes");
            json.writeStringField("virtWhoType", guest.virtWhoType());
            json.writeNumberField("active", guest.state().isActive() ? 1 : 0);
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Facts keep their JSON type, as upstream sends them; the server turns numbers and booleans into strings. */
    private static void factValue(JsonGenerator json, String name, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Double || value instanceof Float) {
            if (!Double.isFinite(((Number) value).doubleValue())) {
                throw new IllegalArgumentException("fact " + name + " is " + value + ", which JSON cannot carry");
            }
            // Each in its own width, so that a float 1.1 stays 1.1 and does not become 1.100000023841858.
            if (value instanceof Float single) {
                json.writeNumber(single);
            } else {
                json.writeNumber((Double) value);
            }
        } else if (value instanceof Number number) {
            json.writeNumber(new BigDecimal(number.toString()));
        } else {
            throw new IllegalArgumentException("fact " + name + " is a " + value.getClass().getName()
                    + "; facts are strings, numbers, booleans or null");
        }
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            body.write(json);
        } catch (IOException cannotHappen) {
            // A StringWriter does not fail; only a bug in the writing above could get here.
            throw new UncheckedIOException(cannotHappen);
        }
        return text.toString();
    }
}
