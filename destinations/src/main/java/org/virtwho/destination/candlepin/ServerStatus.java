package org.virtwho.destination.candlepin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code GET /status} says about the server (contract §6): whether it works, its version, and the
 * capabilities that decide how virt-who talks to it.
 *
 * @param result       upstream refuses to use a server whose status is not {@code true}
 * @param version      as the server gives it, empty when it gives none
 * @param capabilities {@code managerCapabilities}, in the server's order (which means nothing: it is a set)
 */
record ServerStatus(boolean result, String version, Set<String> capabilities) {
    static final String ASYNC_HYPERVISORS = "hypervisors_async";
    static final String HEARTBEAT = "hypervisors_heartbeat";
    private static final JsonFactory JSON = new JsonFactory();

    ServerStatus {
        Objects.requireNonNull(version, "version");
        capabilities = Collections.unmodifiableSet(new LinkedHashSet<>(capabilities));
    }

    /**
     * Reads the status, ignoring the fields virt-who does not use. A missing or null {@code result} counts as
     * {@code false}, a missing {@code managerCapabilities} as none.
     *
     * @throws IOException if the text is not JSON or not an object
     */
    static ServerStatus parse(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a server status is a JSON object");
            }
            boolean result = false;
            String version = "";
            Set<String> capabilities = new LinkedHashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "result" -> result = value == JsonToken.VALUE_TRUE;
                    case "version" -> version = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                    case "managerCapabilities" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                if (parser.currentToken() == JsonToken.VALUE_STRING) {
                                    capabilities.add(parser.getText());
                                } else {
                                    parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more text after the server status");
            }
            return new ServerStatus(result, version, capabilities);
        }
    }

    /** Without it virt-who would need the synchronous check-in, which current servers no longer have. */
    boolean hasAsyncHypervisors() {
        return capabilities.contains(ASYNC_HYPERVISORS);
    }

    /** The heartbeat is only sent to a server that has it (and only with a {@code reporter_id}). */
    boolean hasHeartbeat() {
        return capabilities.contains(HEARTBEAT);
    }
}
