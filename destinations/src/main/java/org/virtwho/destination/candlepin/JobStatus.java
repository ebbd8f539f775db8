package org.virtwho.destination.candlepin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server-side job as {@code GET /jobs/{id}}, the check-in and the heartbeat describe it ({@code AsyncJobStatusDTO},
 * contract §1, §3, §4). Only what virt-who acts on is kept.
 *
 * @param state   {@code CREATED}, {@code RUNNING}, {@code FINISHED}, {@code FAILED} or {@code CANCELED}
 * @param result  the outcome of a finished hypervisor update, when {@code resultData} is an object
 * @param message {@code resultData} when it is a string: the reason a job failed or was blocked, or what a
 *                heartbeat did
 */
record JobStatus(String id, String state, Optional<Result> result, Optional<String> message) {
    static final String FINISHED = "FINISHED";
    static final String FAILED = "FAILED";
    static final String CANCELED = "CANCELED";
    /**
     * The server allows one hypervisor job per owner (and one heartbeat per reporter); a further one is answered at
     * once as FAILED with this message. It means "try again later", not that the report was wrong.
     */
    private static final String BLOCKED = "Job blocked by";
    private static final JsonFactory JSON = new JsonFactory();

    JobStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(message, "message");
    }

    /**
     * What a hypervisor update did ({@code HypervisorUpdateResultDTO}).
     *
     * @param created      the consumers made for hypervisors the server did not know, by name (else uuid)
     * @param updated      the consumers whose facts, guests or name changed, by name (else uuid)
     * @param unchanged    the consumers that only had their check-in time updated, by name (else uuid)
     * @param failedUpdate the server's sentences about hypervisors it could not record
     */
    record Result(List<String> created, List<String> updated, List<String> unchanged, List<String> failedUpdate) {
        Result {
            created = List.copyOf(created);
            updated = List.copyOf(updated);
            unchanged = List.copyOf(unchanged);
            failedUpdate = List.copyOf(failedUpdate);
        }
    }

    /**
     * Reads a job status, ignoring the fields virt-who does not use. {@code resultData} may be an object, a string
     * or {@code null}: the server writes it raw from what the job stored.
     *
     * @throws IOException if the text is not JSON, not an object, or has no {@code id} or {@code state}
     */
    static JobStatus parse(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a job status is a JSON object");
            }
            String id = null;
            String state = null;
            Result result = null;
            String message = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = string(parser, field);
                    case "state" -> state = string(parser, field);
                    case "resultData" -> {
                        if (value == JsonToken.START_OBJECT) {
                            result = result(parser);
                        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                            message = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more text after the job status");
            }
            if (id == null || state == null) {
                throw new IOException("the job status has no " + (id == null ? "id" : "state") + ": " + json);
            }
            return new JobStatus(id, state, Optional.ofNullable(result), Optional.ofNullable(message));
        }
    }

    /** The job will not change any more. */
    boolean isFinal() {
        return state.equals(FINISHED) || state.equals(FAILED) || state.equals(CANCELED);
    }

    /** The server refused to start the job while another for the same owner runs: send again later. */
    boolean isBlocked() {
        return state.equals(FAILED) && message.filter(text -> text.startsWith(BLOCKED)).isPresent();
    }

    boolean succeeded() {
        return state.equals(FINISHED);
    }

    private static Result result(JsonParser parser) throws IOException {
        List<String> created = List.of();
        List<String> updated = List.of();
        List<String> unchanged = List.of();
        List<String> failedUpdate = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "created" -> created = consumers(parser);
                case "updated" -> updated = consumers(parser);
                case "unchanged" -> unchanged = consumers(parser);
                case "failedUpdate" -> failedUpdate = strings(parser);
                default -> parser.skipChildren();
            }
        }
        return new Result(created, updated, unchanged, failedUpdate);
    }

    /** Consumers ({@code HypervisorConsumerDTO}) by name, else uuid; an entry with neither is left out. */
    private static List<String> consumers(JsonParser parser) throws IOException {
        List<String> names = new ArrayList<>();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return names;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                String name = null;
                String uuid = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "name" -> name = string(parser, field);
                        case "uuid" -> uuid = string(parser, field);
                        default -> parser.skipChildren();
                    }
                }
                String label = name != null ? name : uuid;
                if (label != null) {
                    names.add(label);
                }
            } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
                names.add(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return names;
    }

    /** A string field, {@code null} when absent or null. */
    private static String string(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new JsonParseException(parser, "\"" + field + "\" should be a string, not " + token);
        }
        return parser.getText();
    }

    private static List<String> strings(JsonParser parser) throws IOException {
        List<String> strings = new ArrayList<>();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return strings;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken().isScalarValue() && parser.currentToken() != JsonToken.VALUE_NULL) {
                strings.add(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return strings;
    }
}
