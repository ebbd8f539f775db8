package org.virtwho.backend.esx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.virtwho.config.Secret;

/**
 * The few vSphere API calls virt-who makes, as SOAP over one pooled, keep-alive HTTP client. The session is
 * vSphere's {@code vmware_soap_session} cookie, taken from the login answer and sent with every call, so a call
 * may come from any thread (a shutdown cancels a waiting call from another one). Answers are read as streams;
 * request and answer bodies are never logged, because the login request holds the password.
 */
final class VimClient implements AutoCloseable {
    private static final String SESSION_COOKIE = "vmware_soap_session";
    private static final String VIM25 = "urn:vim25";
    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    private final CloseableHttpClient http;
    private final URI endpoint;
    private final XMLInputFactory xml = StaxCursor.factory();
    private final Set<HttpPost> inFlight = ConcurrentHashMap.newKeySet();
    private volatile String sessionCookie;

    VimClient(CloseableHttpClient http, URI endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    URI endpoint() {
        return endpoint;
    }

    ServiceContent retrieveServiceContent() throws VimFault, IOException {
        return call("RetrieveServiceContent", SERVICE_INSTANCE.xml("_this"), cursor -> {
            MoRef root = null;
            MoRef collector = null;
            MoRef views = null;
            MoRef sessions = null;
            String product = "";
            if (cursor.firstChild()) {
                while (cursor.nextChild()) {
                    switch (cursor.name()) {
                        case "rootFolder" -> root = cursor.ref();
                        case "propertyCollector" -> collector = cursor.ref();
                        case "viewManager" -> views = cursor.ref();
                        case "sessionManager" -> sessions = cursor.ref();
                        case "about" -> product = fullName(cursor);
                        default -> cursor.skip();
                    }
                }
            }
            if (root == null || collector == null || views == null || sessions == null) {
                throw new XMLStreamException("the service content lacks the root folder, property collector, "
                        + "view manager or session manager");
            }
            return new ServiceContent(root, collector, views, sessions, product);
        });
    }

    private static String fullName(StaxCursor cursor) throws XMLStreamException {
        String name = "";
        while (cursor.nextChild()) {
            if (cursor.name().equals("fullName")) {
                name = cursor.text().strip();
            } else {
                cursor.skip();
            }
        }
        return name;
    }

    void login(MoRef sessionManager, String user, Secret password) throws VimFault, IOException {
        sessionCookie = null;
        call("Login", sessionManager.xml("_this") + Soap.element("userName", user)
                + Soap.element("password", password.reveal()), StaxCursor::skip);
        if (sessionCookie == null) {
            throw new IOException("the server accepted the login but set no " + SESSION_COOKIE + " cookie; is "
                    + endpoint + " a vCenter or ESX host?");
        }
    }

    void logout(MoRef sessionManager) throws VimFault, IOException {
        call("Logout", sessionManager.xml("_this"), StaxCursor::skip);
        sessionCookie = null;
    }

    /** A property collector of our own, whose filters no other client of this session can disturb. */
    MoRef createPropertyCollector(MoRef collector) throws VimFault, IOException {
        return call("CreatePropertyCollector", collector.xml("_this"), VimClient::returnedRef);
    }

    /** Destroys the collector and, with it, its filters. */
    void destroyPropertyCollector(MoRef collector) throws VimFault, IOException {
        call("DestroyPropertyCollector", collector.xml("_this"), StaxCursor::skip);
    }

    /** A view of every object of {@code types} below {@code container}, kept current by the server. */
    MoRef createContainerView(MoRef viewManager, MoRef container, List<String> types) throws VimFault, IOException {
        StringBuilder arguments = new StringBuilder(viewManager.xml("_this")).append(container.xml("container"));
        types.forEach(type -> arguments.append(Soap.element("type", type)));
        arguments.append("<recursive>true</recursive>");
        return call("CreateContainerView", arguments.toString(), VimClient::returnedRef);
    }

    void destroyView(MoRef view) throws VimFault, IOException {
        call("DestroyView", view.xml("_this"), StaxCursor::skip);
    }

    MoRef createFilter(MoRef collector, String specXml) throws VimFault, IOException {
        return call("CreateFilter", collector.xml("_this") + specXml + Soap.element("partialUpdates", "false"),
                VimClient::returnedRef);
    }

    void destroyPropertyFilter(MoRef filter) throws VimFault, IOException {
        call("DestroyPropertyFilter", filter.xml("_this"), StaxCursor::skip);
    }

    /**
     * The changes since {@code version} ({@code ""}: everything), waiting up to {@code maxWaitSeconds} for the
     * first one (0: answer at once). Each object update goes to {@code updates} as it is read.
     *
     * @return where the update set ended, or empty when nothing changed
     */
    Optional<UpdateSetReader.End> waitForUpdatesEx(MoRef collector, String version, int maxWaitSeconds,
                                                   int maxObjectUpdates, Consumer<ObjectUpdate> updates)
            throws VimFault, IOException {
        String arguments = collector.xml("_this") + (version.isEmpty() ? "" : Soap.element("version", version))
                + "<options>" + Soap.element("maxWaitSeconds", String.valueOf(maxWaitSeconds))
                + Soap.element("maxObjectUpdates", String.valueOf(maxObjectUpdates)) + "</options>";
        return call("WaitForUpdatesEx", arguments, cursor -> cursor.firstChild()
                ? Optional.of(UpdateSetReader.read(cursor, updates))
                : Optional.empty());
    }

    void cancelWaitForUpdates(MoRef collector) throws VimFault, IOException {
        call("CancelWaitForUpdates", collector.xml("_this"), StaxCursor::skip);
    }

    /** One property read, for status mode: the {@code name} of {@code object}. */
    String readName(MoRef collector, MoRef object) throws VimFault, IOException {
        String spec = "<specSet><propSet><type>" + Soap.escape(object.type()) + "</type><pathSet>name</pathSet>"
                + "</propSet><objectSet>" + object.xml("obj") + "</objectSet></specSet><options/>";
        return call("RetrievePropertiesEx", collector.xml("_this") + spec, cursor -> {
            String name = "";
            if (cursor.find(VIM25, "val")) {
                name = cursor.text();
            }
            return name;
        });
    }

    /**
     * Any other operation whose answer, if any, is an object reference: what tests use to act as an
     * administrator (power a VM off, end a session). Not used by the agent.
     */
    Optional<MoRef> invoke(String operation, String arguments) throws VimFault, IOException {
        return call(operation, arguments, cursor -> cursor.firstChild() ? Optional.of(cursor.ref()) : Optional.empty());
    }

    /** Fails every call in flight at once, such as a long wait for updates at shutdown. */
    void abort() {
        inFlight.forEach(HttpPost::cancel);
    }

    /** The session, for tests that play an administrator ending it. */
    Optional<String> sessionCookie() {
        return Optional.ofNullable(sessionCookie);
    }

    void useSessionCookie(String cookie) {
        sessionCookie = cookie;
    }

    @Override
    public void close() throws IOException {
        abort();
        http.close();
    }

    private static MoRef returnedRef(StaxCursor cursor) throws XMLStreamException {
        if (!cursor.firstChild()) {
            throw new XMLStreamException("the answer returns no object reference");
        }
        return cursor.ref();
    }

    @FunctionalInterface
    private interface AnswerReader<T> {
        /** @param cursor on the operation's response element, e.g. {@code LoginResponse} */
        T read(StaxCursor cursor) throws XMLStreamException;
    }

    @FunctionalInterface
    private interface AnswerSkipper {
        void skip(StaxCursor cursor) throws XMLStreamException;
    }

    private void call(String operation, String arguments, AnswerSkipper skipper) throws VimFault, IOException {
        call(operation, arguments, cursor -> {
            skipper.skip(cursor);
            return null;
        });
    }

    /** A fault or a value: the HTTP client's answer handler may only throw I/O exceptions. */
    private record Answer<T>(T value, VimFault fault) {
    }

    private <T> T call(String operation, String arguments, AnswerReader<T> reader) throws VimFault, IOException {
        HttpPost post = new HttpPost(endpoint);
        post.setHeader("SOAPAction", Soap.SOAP_ACTION);
        String cookie = sessionCookie;
        if (cookie != null) {
            post.setHeader("Cookie", cookie);
        }
        post.setEntity(new StringEntity(Soap.envelope(operation, arguments),
                ContentType.create("text/xml", StandardCharsets.UTF_8)));
        inFlight.add(post);
        try {
            // The session cookie is ours to send; a throwaway store keeps the client from sending it a second time.
            HttpClientContext context = HttpClientContext.create();
            context.setCookieStore(new BasicCookieStore());
            Answer<T> answer = http.execute(post, context, response -> answer(operation, response, reader));
            if (answer.fault() != null) {
                throw answer.fault();
            }
            return answer.value();
        } finally {
            inFlight.remove(post);
        }
    }

    private <T> Answer<T> answer(String operation, ClassicHttpResponse response, AnswerReader<T> reader)
            throws IOException {
        keepSessionCookie(response);
        HttpEntity entity = response.getEntity();
        int status = response.getCode();
        String contentType = entity == null || entity.getContentType() == null ? "" : entity.getContentType();
        if ((status != 200 && status != 500) || !contentType.contains("xml")) {
            throw new IOException("HTTP " + status + " " + response.getReasonPhrase() + " from " + endpoint
                    + " for " + operation + (contentType.contains("xml") ? "" : "; is this the SDK address of a "
                    + "vCenter or ESX host?"));
        }
        try (InputStream body = entity.getContent()) {
            StaxCursor cursor = StaxCursor.over(xml, body);
            try {
                if (!cursor.find(Soap.ENVELOPE_NS, "Body") || !cursor.firstChild()) {
                    throw new XMLStreamException("no SOAP body");
                }
                if (cursor.name().equals("Fault") && cursor.namespace().equals(Soap.ENVELOPE_NS)) {
                    return new Answer<>(null, fault(cursor));
                }
                return new Answer<>(reader.read(cursor), null);
            } finally {
                cursor.close();
            }
        } catch (XMLStreamException | IllegalArgumentException e) {
            throw new IOException("unreadable answer from " + endpoint + " to " + operation + ": " + e.getMessage(), e);
        }
    }

    /** {@code <detail><InvalidLoginFault xsi:type="InvalidLogin">}: the type names the fault. */
    private static VimFault fault(StaxCursor cursor) throws XMLStreamException {
        String text = "";
        String type = "";
        while (cursor.nextChild()) {
            switch (cursor.name()) {
                case "faultstring" -> text = cursor.text().strip();
                case "detail" -> {
                    if (cursor.nextChild()) {
                        String element = cursor.name();
                        type = cursor.xsiType().orElse(element.endsWith("Fault")
                                ? element.substring(0, element.length() - "Fault".length()) : element);
                        cursor.skip();
                        while (cursor.nextChild()) {
                            cursor.skip();
                        }
                    }
                }
                default -> cursor.skip();
            }
        }
        return new VimFault(type.isEmpty() ? "UnknownFault" : type, text);
    }

    private void keepSessionCookie(ClassicHttpResponse response) {
        for (Header header : response.getHeaders("Set-Cookie")) {
            String value = header.getValue();
            if (value.startsWith(SESSION_COOKIE + "=")) {
                int end = value.indexOf(';');
                sessionCookie = end < 0 ? value : value.substring(0, end);
            }
        }
    }
}
