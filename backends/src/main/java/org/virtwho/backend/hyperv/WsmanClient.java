package org.virtwho.backend.hyperv;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.BackendException;
import org.virtwho.http.TlsTrouble;

/**
 * Speaks WS-Management with one WinRM endpoint: WQL queries through Enumerate and Pull, and WMI method calls.
 * One {@link HttpClientContext} lives as long as the client, so the logon is done once: Basic is then sent with
 * every request, and an NTLM-authenticated keep-alive connection is used again.
 */
final class WsmanClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WsmanClient.class);
    private static final ContentType SOAP = ContentType.create("application/soap+xml", StandardCharsets.UTF_8);

    private final CloseableHttpClient http;
    private final HttpHost server;
    private final URI endpoint;
    private final WsmanRequests requests;
    private final HypervTrouble trouble;
    private final HttpClientContext context = HttpClientContext.create();
    private final EnumerationReader enumerations;
    private final SummaryInformationReader summaries;
    private final FaultReader faults;

    WsmanClient(CloseableHttpClient http, URI endpoint, WsmanRequests requests, HypervTrouble trouble,
                XmlInput xml) {
        this.http = http;
        this.server = HttpHost.create(endpoint);
        this.endpoint = endpoint;
        this.requests = requests;
        this.trouble = trouble;
        this.enumerations = new EnumerationReader(xml);
        this.summaries = new SummaryInformationReader(xml);
        this.faults = new FaultReader(xml);
    }

    /**
     * All instances a WQL query finds: the Enumerate answer brings the first batch (usually all of it), and Pull
     * fetches the rest until the service says EndOfSequence.
     */
    List<WmiInstance> query(String namespace, String wql) throws BackendException, WsmanFaultException {
        String operation = "the query '" + wql + "'";
        EnumerationPage page = post(requests.enumerate(namespace, wql), operation, namespace, enumerations::read);
        List<WmiInstance> instances = new ArrayList<>(page.items());
        int pulls = 0;
        while (page.hasMore()) {
            page = post(requests.pull(namespace, page.context().orElseThrow()), operation, namespace,
                    enumerations::read);
            instances.addAll(page.items());
            pulls++;
        }
        LOG.debug("Hyper-V {}: {} in {}: {} instances, {} pulls", endpoint, wql, namespace, instances.size(), pulls);
        return instances;
    }

    /**
     * Calls {@code GetSummaryInformation} of the namespace's management service for every machine's name and
     * EnabledState. The service is picked by two of its keys, as upstream does: there is one per host.
     */
    Map<String, String> enabledStates(VirtualizationNamespace namespace)
            throws BackendException, WsmanFaultException {
        String service = namespace.managementService();
        Map<String, String> selectors = new LinkedHashMap<>();
        selectors.put("CreationClassName", "Msvm_VirtualSystemManagementService");
        selectors.put("SystemCreationClassName", "Msvm_ComputerSystem");
        // 0: Name, 1: ElementName, 100: EnabledState.
        List<Map.Entry<String, String>> requested = List.of(Map.entry("RequestedInformation", "0"),
                Map.entry("RequestedInformation", "1"), Map.entry("RequestedInformation", "100"));
        return post(requests.invoke(service, "GetSummaryInformation", selectors, requested),
                "GetSummaryInformation", namespace.path(), body -> summaries.enabledStates(body, service));
    }

    private interface Reader<T> {
        T read(InputStream body) throws XMLStreamException;
    }

    private <T> T post(String envelope, String operation, String namespace, Reader<T> reader)
            throws BackendException, WsmanFaultException {
        HttpPost post = new HttpPost(endpoint);
        post.setEntity(new StringEntity(envelope, SOAP));
        try (ClassicHttpResponse response = http.executeOpen(server, post, context)) {
            int status = response.getCode();
            HttpEntity entity = response.getEntity();
            try {
                if (status == 200 && entity != null) {
                    try (InputStream body = entity.getContent()) {
                        return reader.read(body);
                    }
                }
                if (status == 401) {
                    throw trouble.unauthorized(triedScheme(), offeredSchemes(response));
                }
                if (entity != null && isSoap(entity)) {
                    Optional<SoapFault> fault;
                    try (InputStream body = entity.getContent()) {
                        fault = faults.read(body);
                    } catch (XMLStreamException e) {
                        fault = Optional.empty();
                    }
                    if (fault.isPresent()) {
                        throw new WsmanFaultException(fault.get(), operation, namespace);
                    }
                }
                throw trouble.httpStatus(status, response.getReasonPhrase());
            } finally {
                // Read to the end, so that the keep-alive connection can carry the next request.
                EntityUtils.consumeQuietly(entity);
            }
        } catch (XMLStreamException e) {
            throw trouble.malformed(operation, String.valueOf(e.getMessage()), e);
        } catch (IOException e) {
            Optional<String> tls = TlsTrouble.explain(e, server.getHostName(), "ca_cert", "insecure");
            if (tls.isPresent()) {
                throw new BackendException(tls.get(), e);
            }
            throw trouble.unreachable(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSoap(HttpEntity entity) {
        String type = entity.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).contains("xml");
    }

    /** The scheme HttpClient answered the challenge with, if it chose one. */
    private Optional<String> triedScheme() {
        return Optional.ofNullable(context.getAttribute(WinrmAuthentication.TRIED_SCHEME)).map(Object::toString);
    }

    private static List<String> offeredSchemes(ClassicHttpResponse response) {
        List<String> offered = new ArrayList<>();
        for (Header header : response.getHeaders(HttpHeaders.WWW_AUTHENTICATE)) {
            String scheme = Arrays.stream(header.getValue().strip().split("[\\s,]+")).findFirst().orElse("");
            if (!scheme.isEmpty() && !offered.contains(scheme)) {
                offered.add(scheme);
            }
        }
        return offered;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            LOG.debug("Closing the HTTP client of Hyper-V {} failed: {}", endpoint, e.toString());
        }
    }
}
