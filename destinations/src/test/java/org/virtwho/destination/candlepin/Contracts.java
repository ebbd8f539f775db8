package org.virtwho.destination.candlepin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's OpenAPI description ({@code shared/contracts/}, next to the repository) as request validators.
 *
 * <p>The contracts live outside the repository, so a checkout without them skips the contract tests, saying why;
 * on CI ({@code CI=true}) a missing contract fails instead, so that the tests cannot silently stop testing.
 */
final class Contracts {
    static final String FOLDER = "shared/contracts";
    /** The published spec: the check-in body is a plain {@code text/plain} string there. */
    static final String SPEC = "candlepin-api-spec.yaml";
    /** The spec plus a schema for the check-in body (contract §9), offered as {@code application/json} too. */
    static final String OVERLAY = "candlepin-api-spec.virtwho-overlay.yaml";
    /** How a stubbed server answers a request that breaks the contract; no real server answers 418. */
    static final int BROKEN_CONTRACT = 418;

    /**
     * What upstream sends and the server accepts, though the description says otherwise (shown in
     * {@code CheckinBodyTest}): its {@code GuestIdDTO} has no {@code state} and types {@code attributes} as
     * strings, and the overlay types facts as strings; the server ignores {@code state} and turns numbers and
     * booleans into strings.
     */
    private static final List<Pattern> KNOWN_GAPS = List.of(
            Pattern.compile("validation\\.request\\.body\\.schema\\.additionalProperties "
                    + "\\[Path '/guestIds/\\d+'] .*: \\[\"state\"]"),
            Pattern.compile("validation\\.request\\.body\\.schema\\.type "
                    + "\\[Path '/guestIds/\\d+/attributes/active'] Instance type \\(integer\\) .*"),
            Pattern.compile("validation\\.request\\.body\\.schema\\.type "
                    + "\\[Path '/hypervisors/\\d+/facts/[^']*'] Instance type \\((integer|number|boolean)\\) .*"));
    /** The check-in, whose {@code text/plain} body only the overlay can check, as JSON. */
    private static final Pattern CHECK_IN = Pattern.compile("(/.*)?/hypervisors/[^/]+");

    private Contracts() {
    }

    /** A validator for the published spec. */
    static OpenApiInteractionValidator spec() {
        folder(); // skips or fails here, before a missing file could break the holder's initialisation
        return Loaded.SPEC;
    }

    /** A validator for the overlay, which knows the check-in body. */
    static OpenApiInteractionValidator overlay() {
        folder();
        return Loaded.OVERLAY;
    }

    /** A finding as {@code key message}, the form {@link #isKnownGap} reads. */
    static String describe(ValidationReport.Message message) {
        return message.getKey() + " " + message.getMessage();
    }

    /** A finding about something upstream does that the server accepts but its description does not. */
    static boolean isKnownGap(String finding) {
        return KNOWN_GAPS.stream().anyMatch(gap -> gap.matcher(finding).matches());
    }

    /** The errors of a report, as {@link #describe} writes them, the known gaps left out. */
    static List<String> errors(ValidationReport report) {
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(Contracts::describe)
                .filter(finding -> !isKnownGap(finding))
                .toList();
    }

    /**
     * Makes a WireMock server hold its clients to the contract: every request it receives is validated against the
     * published spec, and a check-in's {@code text/plain} body, as JSON, against the overlay. A request that breaks
     * the contract is answered {@value #BROKEN_CONTRACT} with a Candlepin error body saying so, whatever else is
     * stubbed, so that the client under test fails where it went wrong; the findings go to standard error. Call it
     * after {@code start()}; {@code resetAll()} removes it.
     *
     * <p>Without the contracts the server is left as it is (with a note on standard error), since the tests that
     * use it test more than the contract; on CI that fails.
     */
    static void validate(WireMockServer server) {
        Optional<Path> found = find(Path.of("").toAbsolutePath());
        if (found.isEmpty()) {
            String why = "no " + FOLDER + "/" + OVERLAY + " above " + Path.of("").toAbsolutePath();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the contracts must be there)");
            }
            System.err.println(why + ": requests to the WireMock server are not checked against the contract");
            return;
        }
        server.stubFor(any(anyUrl())
                .atPriority(1)
                .andMatching(request -> MatchResult.of(!violations(request).isEmpty()))
                .willReturn(aResponse()
                        .withStatus(BROKEN_CONTRACT)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"displayMessage\":\"the request breaks Candlepin's OpenAPI contract "
                                + "(the findings are on the test's standard error)\"}")));
    }

    /** What is wrong with a request the stubbed server received; nothing when it keeps the contract. */
    private static List<String> violations(Request request) {
        List<String> violations = new ArrayList<>();
        try {
            URI url = URI.create(request.getUrl());
            violations.addAll(errors(spec().validateRequest(asValidated(request, url, Optional.empty()))));
            if (request.getMethod().getName().equals("POST") && CHECK_IN.matcher(url.getPath()).matches()
                    && String.valueOf(request.getHeader("Content-Type")).startsWith("text/plain")) {
                violations.addAll(errors(overlay().validateRequest(
                        asValidated(request, url, Optional.of("application/json")))));
            }
        } catch (RuntimeException cannotValidate) {
            violations.add("cannot validate: " + cannotValidate);
        }
        // A matcher may be asked more than once about one request; repeating its findings is harmless.
        violations.forEach(violation -> System.err.println(
                "Contract broken by " + request.getMethod() + " " + request.getUrl() + ": " + violation));
        return violations;
    }

    /** The request as the validator sees it, perhaps with another media type for its body. */
    private static SimpleRequest asValidated(Request request, URI url, Optional<String> contentType) {
        SimpleRequest.Builder validated = new SimpleRequest.Builder(request.getMethod().getName(), url.getPath());
        for (HttpHeader header : request.getHeaders().all()) {
            if (contentType.isEmpty() || !header.keyEquals("Content-Type")) {
                validated.withHeader(header.key(), header.values());
            }
        }
        contentType.ifPresent(validated::withContentType);
        query(url).forEach(validated::withQueryParam);
        if (request.getBody() != null && request.getBody().length > 0) {
            validated.withBody(request.getBodyAsString());
        }
        return validated.build();
    }

    private static Map<String, List<String>> query(URI url) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (url.getRawQuery() == null || url.getRawQuery().isEmpty()) {
            return parameters;
        }
        for (String pair : url.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), key -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** Loaded once: parsing the 350 kB specs takes seconds. */
    private static final class Loaded {
        static final OpenApiInteractionValidator SPEC = validator(Contracts.SPEC);
        static final OpenApiInteractionValidator OVERLAY = validator(Contracts.OVERLAY);
    }

    private static OpenApiInteractionValidator validator(String file) {
        Path spec = folder().resolve(file);
        return OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                // The DTOs are allOf compositions; without this every property counts as "not allowed".
                .withResolveCombinators(true)
                .build();
    }

    /**
     * The contracts folder, found by walking up from the working directory to a folder that has
     * {@code shared/contracts/} with the overlay in it. Skips the calling test when there is none, or fails it
     * when {@code CI=true}.
     */
    static Path folder() {
        Path start = Path.of("").toAbsolutePath();
        Optional<Path> found = find(start);
        if (found.isEmpty()) {
            String why = "no " + FOLDER + "/" + OVERLAY + " above " + start + ", so the contract tests cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the contracts must be there)");
            }
            assumeTrue(false, why + "; skipped");
        }
        return found.get();
    }

    static Optional<Path> find(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path folder = dir.resolve(FOLDER);
            if (Files.isRegularFile(folder.resolve(OVERLAY))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }
}
