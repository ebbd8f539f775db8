package org.virtwho.backend.fake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtwho.backend.BackendException;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.HostIdentity;
import org.virtwho.model.Inventory;

/**
 * The fake backend's file: {@code {"hypervisors": [{"hypervisorId": {"hypervisorId": ID}, "name": ..., "guestIds":
 * [{"guestId": ..., "state": N, "attributes": {"virtWhoType": ...}}], "facts": {...}}]}}, the same document
 * print mode writes. Read as a stream: a file with a large inventory is never held as a tree.
 */
final class FakeFile {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String DEFAULT_VIRT_WHO_TYPE = "fake";

    private final Path path;
    private final List<Entry> entries;

    /** One element of {@code hypervisors}; {@code id} is absent in a guest-list file. */
    private record Entry(Optional<String> id, Optional<String> name, List<Guest> guests, Map<String, Object> facts) {
    }

    private FakeFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    static FakeFile read(Path path) throws BackendException {
        try (InputStream in = Files.newInputStream(path); JsonParser parser = JSON.createParser(in)) {
            return new FakeFile(path, new Reader(path, parser).document());
        } catch (JsonProcessingException e) {
            throw new BackendException("Can't read fake '" + path + "' virt data: line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BackendException("Can't read fake '" + path + "' virt data: " + e);
        }
    }

    Inventory.Hosts hosts() throws BackendException {
        List<Host> hosts = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.id().isEmpty()) {
                throw malformed("a hypervisor has no \"hypervisorId\"; is is_hypervisor=false meant?");
            }
            hosts.add(new Host(HostIdentity.fixed(entry.id().get()), entry.name(), entry.guests(), entry.facts()));
        }
        return new Inventory.Hosts(hosts);
    }

    Inventory.LocalGuests localGuests() throws BackendException {
        if (entries.isEmpty()) {
            throw malformed("\"hypervisors\" is empty; a guest-list file has one entry with \"guestIds\"");
        }
        Entry first = entries.get(0);
        if (first.id().isPresent()) {
            throw malformed("uuid key shouldn't be present, try to check is_hypervisor value");
        }
        return new Inventory.LocalGuests(HostIdentity.of(Map.of()), first.guests());
    }

    private BackendException malformed(String why) {
        return new BackendException("Fake virt file '" + path + "' is not properly formed: " + why);
    }

    /** A small recursive-descent reader over the token stream; unknown keys are skipped. */
    private static final class Reader {
        private final Path path;
        private final JsonParser parser;

        Reader(Path path, JsonParser parser) {
            this.path = path;
            this.parser = parser;
        }

        List<Entry> document() throws IOException, BackendException {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the document");
            List<Entry> entries = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("hypervisors")) {
                    entries = hypervisors();
                } else {
                    parser.skipChildren();
                }
            }
            if (entries == null) {
                throw malformed("missing key 'hypervisors'");
            }
            return entries;
        }

        private List<Entry> hypervisors() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_ARRAY, "\"hypervisors\"");
            List<Entry> entries = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                entries.add(hypervisor());
            }
            return entries;
        }

        private Entry hypervisor() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, "a hypervisor");
            Optional<String> id = Optional.empty();
            Optional<String> name = Optional.empty();
            List<Guest> guests = null;
            Map<String, Object> facts = Map.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "hypervisorId" -> id = Optional.of(hypervisorId());
                    case "name" -> name = value == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(text("\"name\""));
                    case "guestIds" -> guests = guests();
                    case "facts" -> facts = value == JsonToken.VALUE_NULL ? Map.of() : facts();
                    default -> parser.skipChildren();
                }
            }
            if (guests == null) {
                throw malformed("missing key 'guestIds'");
            }
            return new Entry(id, name, guests, facts);
        }

        private String hypervisorId() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, "\"hypervisorId\"");
            String id = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("hypervisorId")) {
                    id = text("\"hypervisorId\"");
                } else {
                    parser.skipChildren();
                }
            }
            if (id == null) {
                throw malformed("missing key 'hypervisorId' inside \"hypervisorId\"");
            }
            return id;
        }

        private List<Guest> guests() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_ARRAY, "\"guestIds\"");
            List<Guest> guests = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                guests.add(guest());
            }
            return guests;
        }

        private Guest guest() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, "a guest");
            String uuid = null;
            Integer state = null;
            String virtWhoType = DEFAULT_VIRT_WHO_TYPE;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "guestId" -> uuid = text("\"guestId\"");
                    case "state" -> {
                        expect(value, JsonToken.VALUE_NUMBER_INT, "\"state\"");
                        state = parser.getIntValue();
                    }
                    // Every guest of a file names the same few types: share one string per type.
                    case "attributes" -> virtWhoType = virtWhoType().intern();
                    default -> parser.skipChildren();
                }
            }
            if (uuid == null) {
                throw malformed("missing key 'guestId'");
            }
            if (state == null) {
                throw malformed("missing key 'state' of guest " + uuid);
            }
            try {
                return new Guest(uuid, GuestState.fromCode(state), virtWhoType);
            } catch (IllegalArgumentException e) {
                throw malformed("guest " + uuid + ": " + e.getMessage());
            }
        }

        private String virtWhoType() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, "\"attributes\"");
            String virtWhoType = DEFAULT_VIRT_WHO_TYPE;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("virtWhoType")) {
                    virtWhoType = text("\"virtWhoType\"");
                } else {
                    parser.skipChildren();
                }
            }
            return virtWhoType;
        }

        private Map<String, Object> facts() throws IOException, BackendException {
            expect(parser.currentToken(), JsonToken.START_OBJECT, "\"facts\"");
            Map<String, Object> facts = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                facts.put(name, switch (value) {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    default -> throw malformed("fact '" + name + "' must be a string, a number, a boolean or null");
                });
            }
            return facts;
        }

        private String text(String what) throws IOException, BackendException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw malformed(what + " must be a string");
            }
            return parser.getText();
        }

        private void expect(JsonToken actual, JsonToken expected, String what) throws BackendException {
            if (actual != expected) {
                throw malformed(what + " must be " + describe(expected) + ", not " + describe(actual));
            }
        }

        private static String describe(JsonToken token) {
            if (token == null) {
                return "the end of the file";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "a whole number";
                case VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.toString();
            };
        }

        private BackendException malformed(String why) {
            return new BackendException("Fake virt file '" + path + "' is not properly formed: " + why);
        }
    }
}
