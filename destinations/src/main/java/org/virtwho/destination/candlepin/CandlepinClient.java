package org.virtwho.destination.candlepin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.virtwho.http.TlsTrouble;

/**
 * The entitlement server's HTTP API as virt-who uses it (paths below the {@code prefix} of rhsm.conf). Each
 * method makes one request; anything but a 2xx answer comes back as a {@link CandlepinException} saying what
 * happened, which the caller's back-pressure policy judges.
 */
final class CandlepinClient implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ContentType TEXT = ContentType.create("text/plain", StandardCharsets.UTF_8);

    private final CloseableHttpClient http;
    private final CandlepinTarget target;
    private final Optional<String> authorization;
    /** One per destination, as python-rhsm does: the server logs it, so a check-in can be traced there. */
    private final String correlationId = UUID.randomUUID().toString().replace("-", "");

    CandlepinClient(CloseableHttpClient http, CandlepinTarget target) {
        this.http = http;
        this.target = target;
        this.authorization = target.credentials() instanceof Credentials.Basic basic
                ? Optional.of("Basic " + Base64.getEncoder().encodeToString(
                        (basic.username() + ":" + basic.password().reveal()).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
    }

    ServerStatus status() throws CandlepinException {
        return parse(execute(ClassicRequestBuilder.get(uri("/status")), "reading the server status"),
                ServerStatus::parse, "the server status");
    }

    /** {@code POST /hypervisors/{owner}?reporter_id=}: the asynchronous check-in; the answer is its job. */
    JobStatus checkIn(String owner, String reporterId, String body) throws CandlepinException {
        ClassicRequestBuilder request = ClassicRequestBuilder.post(uri("/hypervisors/" + encode(owner)
                        + "?reporter_id=" + encode(reporterId)))
                .setEntity(new StringEntity(body, TEXT));
        return parse(execute(request, "the check-in to owner '" + owner + "'"), JobStatus::parse, "the check-in job");
    }

    /** {@code GET /jobs/{id}?result_data=true}. */
    JobStatus job(String id) throws CandlepinException {
        return parse(execute(ClassicRequestBuilder.get(uri("/jobs/" + encode(id) + "?result_data=true")),
                "polling job " + id), JobStatus::parse, "job " + id);
    }

    /** {@code PUT /hypervisors/{owner}/heartbeat?reporter_id=}: the hosts of this reporter are still there. */
    JobStatus heartbeat(String owner, String reporterId) throws CandlepinException {
        return parse(execute(ClassicRequestBuilder.put(uri("/hypervisors/" + encode(owner) + "/heartbeat?reporter_id="
                + encode(reporterId))), "the heartbeat for owner '" + owner + "'"), JobStatus::parse, "the heartbeat job");
    }

    /** {@code PUT /consumers/{uuid}}: the guest list of this registered system. */
    void updateGuests(String consumerUuid, String body) throws CandlepinException {
        execute(ClassicRequestBuilder.put(uri("/consumers/" + encode(consumerUuid)))
                .setEntity(new StringEntity(body, ContentType.APPLICATION_JSON)), "the guest list of this system");
    }

    private record Answer(int status, String body, Optional<String> retryAfter) {
    }

    private interface Parser<T> {
        T parse(String json) throws IOException;
    }

    private <T> T parse(String json, Parser<T> parser, String what) throws CandlepinException {
        try {
            return parser.parse(json);
        } catch (IOException | RuntimeException e) {
            // A garbled answer (a proxy's error page, a truncated body) is treated like a server fault.
            throw new CandlepinException("reading " + what, new Attempt.Answered(502, Optional.empty(),
                    Optional.of("the answer is not the JSON expected: " + e.getMessage())), Optional.empty());
        }
    }

    /** @return the body of a 2xx answer */
    private String execute(ClassicRequestBuilder builder, String action) throws CandlepinException {
        ClassicHttpRequest request = builder
                .setHeader(HttpHeaders.ACCEPT, "application/json")
                .setHeader("X-Correlation-ID", correlationId)
                .build();
        authorization.ifPresent(value -> request.setHeader(HttpHeaders.AUTHORIZATION, value));
        Answer answer;
        try {
            answer = http.execute(request, response -> {
                Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                return new Answer(response.getCode(),
                        response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8),
                        Optional.ofNullable(retryAfter).map(Header::getValue));
            });
        } catch (IOException e) {
            Optional<String> tls = TlsTrouble.explain(e, target.base().getHost(), "ca_cert_dir in rhsm.conf",
                    "insecure = 1 in rhsm.conf (or rhsm_insecure = 1 in the section)");
            throw new CandlepinException(action + " at " + target.base(), new Attempt.Failed(e), tls);
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return answer.body();
        }
        throw new CandlepinException(action + " at " + target.base(),
                new Attempt.Answered(answer.status(), answer.retryAfter(), displayMessage(answer.body())), Optional.empty());
    }

    /** Candlepin's error body: {@code {"displayMessage": "...", "requestUuid": "..."}}. */
    static Optional<String> displayMessage(String body) {
        if (body == null || !body.strip().startsWith("{")) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("displayMessage") && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // not Candlepin's error body: no message to show
        }
        return Optional.empty();
    }

    private URI uri(String path) {
        return URI.create(target.base() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
