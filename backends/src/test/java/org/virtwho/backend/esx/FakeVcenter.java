package org.virtwho.backend.esx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.SourceTls;

/**
 * A vCenter played by WireMock over plain HTTP on 127.0.0.1: each SOAP operation is answered by the element in
 * the request's body, and the calls it received can be listed in order. Answers are whole SOAP envelopes, from
 * {@code src/test/resources/esx/}, from upstream's recordings, or built here.
 */
final class FakeVcenter implements AutoCloseable {
    static final String SESSION_COOKIE = "vmware_soap_session=\"52c4f1a8-7e3b-4d2a-9f60-1b2c3d4e5f60\"";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final Pattern OPERATION = Pattern.compile("<soapenv:Body><(\\w+)[ >]");
    private static final Pattern VERSION = Pattern.compile("<version>([^<]*)</version>");

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    FakeVcenter() {
        server.start();
    }

    /** The section's {@code server}; the source adds {@code /sdk}. */
    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Backend backend(EsxTuning tuning) throws BackendException {
        return backend(tuning, EsxSections.PASSWORD);
    }

    Backend backend(EsxTuning tuning, String password) throws BackendException {
        return new EsxBackendFactory(tuning).create(EsxSections.section(url(), SourceTls.VERIFIED,
                HypervisorIdKind.UUID, List.of(), List.of(), password),
                new BackendContext(Map.of()));
    }

    /**
     * A vCenter that lets us in and answers every call but {@code WaitForUpdatesEx}, with a session cookie from
     * {@code Login}, a view from {@code CreateContainerView} and our own collector from
     * {@code CreatePropertyCollector}.
     */
    FakeVcenter session() {
        answer("RetrieveServiceContent", resource("service-content.xml"));
        server.stubFor(operation("Login").willReturn(xml(envelope("<LoginResponse xmlns=\"urn:vim25\"><returnval>"
                + "<key>52c4f1a8</key><userName>" + EsxSections.USER + "</userName></returnval></LoginResponse>"))
                .withHeader("Set-Cookie", SESSION_COOKIE + "; Path=/; HttpOnly")));
        answer("CreateContainerView", createContainerViewResponse());
        answer("CreatePropertyCollector", createPropertyCollectorResponse());
        answer("CreateFilter", envelope("<CreateFilterResponse xmlns=\"urn:vim25\"><returnval type=\"PropertyFilter\">"
                + "session[52c4f1a8]52f1c2d0</returnval></CreateFilterResponse>"));
        answer("RetrievePropertiesEx", envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                + "<objects><obj type=\"Folder\">group-d1</obj><propSet><name>name</name>"
                + "<val xsi:type=\"xsd:string\">Datacenters</val></propSet></objects></returnval>"
                + "</RetrievePropertiesExResponse>"));
        for (String operation : List.of("CancelWaitForUpdates", "DestroyPropertyFilter", "DestroyPropertyCollector",
                "DestroyView", "Logout")) {
            answer(operation, emptyResponse(operation));
        }
        return this;
    }

    /** Answers {@code Login} with {@code envelope} and the session cookie, which the answer's body never holds. */
    void login(byte[] envelope) {
        server.stubFor(operation("Login").willReturn(xml(envelope)
                .withHeader("Set-Cookie", SESSION_COOKIE + "; Path=/; HttpOnly")));
    }

    /** Answers {@code operation} with a whole SOAP envelope; a later answer for the same call wins. */
    void answer(String operation, String envelope) {
        server.stubFor(operation(operation).willReturn(xml(envelope)));
    }

    void answer(String operation, byte[] envelope) {
        server.stubFor(operation(operation).willReturn(xml(envelope)));
    }

    /** Answers a {@code WaitForUpdatesEx} from {@code version} ("": a full synchronisation). */
    void updates(String version, String envelope) {
        updates(version, envelope, Duration.ZERO);
    }

    void updates(String version, String envelope, Duration delay) {
        server.stubFor(waitFrom(version).willReturn(xml(envelope).withFixedDelay((int) delay.toMillis())));
    }

    void updates(String version, byte[] envelope) {
        server.stubFor(waitFrom(version).willReturn(xml(envelope)));
    }

    /** Nothing changed since {@code version}: the answer has no update set. */
    void noUpdates(String version, Duration delay) {
        updates(version, emptyResponse("WaitForUpdatesEx"), delay);
    }

    /** Answers {@code operation} with a vSphere fault of {@code type}, as vCenter does: HTTP 500 and a SOAP fault. */
    void fault(String operation, String type, String text) {
        server.stubFor(operation(operation).willReturn(faultResponse(type, text)));
    }

    void faultFrom(String version, String type, String text) {
        server.stubFor(waitFrom(version).willReturn(faultResponse(type, text)));
    }

    /** Answers every call with {@code status} and an HTML page, as a proxy or a busy load balancer does. */
    void htmlError(int status, String reason) {
        server.stubFor(post(urlEqualTo("/sdk")).atPriority(1).willReturn(aResponse().withStatus(status)
                .withStatusMessage(reason).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + reason
                        + "</h1></body></html>")));
    }

    /**
     * The operations received, oldest first; a {@code WaitForUpdatesEx} as {@code WaitForUpdatesEx(version)}, with
     * an empty version for a full synchronisation.
     */
    List<String> calls() {
        return requests().stream().map(event -> describe(event.getRequest().getBodyAsString())).toList();
    }

    /** The requests received, oldest first (WireMock's journal lists the newest first). */
    List<ServeEvent> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events;
    }

    long count(String call) {
        return calls().stream().filter(call::equals).count();
    }

    static String describe(String body) {
        Matcher operation = OPERATION.matcher(body);
        if (!operation.find()) {
            return "?";
        }
        if (!operation.group(1).equals("WaitForUpdatesEx")) {
            return operation.group(1);
        }
        Matcher version = VERSION.matcher(body);
        return "WaitForUpdatesEx(" + (version.find() ? version.group(1) : "") + ")";
    }

    /** Waits up to {@code within} for {@code condition}, which asynchronous work makes true. */
    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    static String resource(String name) {
        try (InputStream in = FakeVcenter.class.getResourceAsStream("/esx/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource esx/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"" + XSI + "\">"
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    static String emptyResponse(String operation) {
        return envelope("<" + operation + "Response xmlns=\"urn:vim25\"></" + operation + "Response>");
    }

    static String createContainerViewResponse() {
        return envelope("<CreateContainerViewResponse xmlns=\"urn:vim25\"><returnval type=\"ContainerView\">"
                + "session[52c4f1a8]52a7d3e1</returnval></CreateContainerViewResponse>");
    }

    static String createPropertyCollectorResponse() {
        return envelope("<CreatePropertyCollectorResponse xmlns=\"urn:vim25\"><returnval type=\"PropertyCollector\">"
                + "session[52c4f1a8]52b0e9c4</returnval></CreatePropertyCollectorResponse>");
    }

    /** vSphere's fault shape: the detail element is named after the fault and typed with it. */
    static String faultEnvelope(String type, String text) {
        return envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>" + text
                + "</faultstring><detail><" + type + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + type + "\"/></detail>"
                + "</soapenv:Fault>");
    }

    private static ResponseDefinitionBuilder faultResponse(String type, String text) {
        return aResponse().withStatus(500).withHeader("Content-Type", "text/xml; charset=utf-8")
                .withBody(faultEnvelope(type, text));
    }

    private static MappingBuilder operation(String name) {
        return post(urlEqualTo("/sdk")).withRequestBody(matchingXPath(
                "/*[local-name()='Envelope']/*[local-name()='Body']/*[local-name()='" + name + "']"));
    }

    private static MappingBuilder waitFrom(String version) {
        String call = "/*[local-name()='Envelope']/*[local-name()='Body']/*[local-name()='WaitForUpdatesEx']";
        return post(urlEqualTo("/sdk")).withRequestBody(matchingXPath(version.isEmpty()
                ? call + "[not(*[local-name()='version'])]"
                : call + "[*[local-name()='version']='" + version + "']"));
    }

    private static ResponseDefinitionBuilder xml(String envelope) {
        return xml(envelope.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseDefinitionBuilder xml(byte[] envelope) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml; charset=utf-8").withBody(envelope);
    }

    @Override
    public void close() {
        server.stop();
    }
}
