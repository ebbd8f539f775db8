package org.virtwho.backend.hyperv;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A WinRM service played by WireMock: stubs that answer a WQL query, a Pull or GetSummaryInformation with a
 * fixture from {@code src/test/resources/hyperv}, chosen by the request's XML (action, resource, filter), and
 * XPath over the requests we sent.
 */
public final class FakeWinrm {
    static final Map<String, String> NAMESPACES = Map.of(
            "s", Wsman.SOAP, "a", Wsman.ADDRESSING, "n", Wsman.ENUMERATION, "w", Wsman.WSMAN);
    static final String PATH = "/wsman";
    /** Below the priority of authentication stubs (1), so that a challenge comes first. */
    static final int PRIORITY = 5;

    private final WireMockServer server;

    public FakeWinrm(WireMockServer server) {
        this.server = server;
    }

    static String fixture(String name) {
        try (InputStream in = FakeWinrm.class.getResourceAsStream("/hyperv/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder soap(int status, String body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/soap+xml;charset=UTF-8")
                .withBody(body);
    }

    static MappingBuilder wsman() {
        return post(urlPathEqualTo(PATH)).atPriority(PRIORITY);
    }

    /** XPath string literal; our test queries never hold a double quote. */
    private static String literal(String text) {
        return "\"" + text + "\"";
    }

    void query(String namespace, String wql, int status, String body) {
        server.stubFor(wsman()
                .withRequestBody(matchingXPath("/s:Envelope/s:Header/a:Action[text()=" + literal(Wsman.ENUMERATE)
                        + "]", NAMESPACES))
                .withRequestBody(matchingXPath("/s:Envelope/s:Header/w:ResourceURI[text()="
                        + literal(Wsman.queryResource(namespace)) + "]", NAMESPACES))
                .withRequestBody(matchingXPath("/s:Envelope/s:Body/n:Enumerate/w:Filter[text()=" + literal(wql)
                        + "]", NAMESPACES))
                .willReturn(soap(status, body)));
    }

    void pull(String context, String body) {
        server.stubFor(wsman()
                .withRequestBody(matchingXPath("/s:Envelope/s:Header/a:Action[text()=" + literal(Wsman.PULL) + "]",
                        NAMESPACES))
                .withRequestBody(matchingXPath("/s:Envelope/s:Body/n:Pull/n:EnumerationContext[text()="
                        + literal(context) + "]", NAMESPACES))
                .willReturn(soap(200, body)));
    }

    void summary(String namespace, int status, String body) {
        server.stubFor(wsman()
                .withRequestBody(matchingXPath("/s:Envelope/s:Header/a:Action[text()=" + literal(
                        Wsman.classResource(namespace, "Msvm_VirtualSystemManagementService")
                                + "/GetSummaryInformation") + "]", NAMESPACES))
                .willReturn(soap(status, body)));
    }

    /** A Hyper-V host of Windows Server 2012 R2 or later: root/virtualization is gone. */
    public void modernHost() {
        query("root/virtualization", VirtualizationNamespace.V1.machinesQuery(), 500,
                fixture("fault-invalid-namespace.xml"));
        query("root/virtualization/v2", VirtualizationNamespace.V2.machinesQuery(), 200,
                fixture("machines-optimized.xml"));
        summary("root/virtualization/v2", 200, summaryOf("root/virtualization/v2"));
        hostQueries();
    }

    void hostQueries() {
        query("root/cimv2", HypervBackend.VMMS_QUERY, 200, fixture("vmms.xml"));
        query("root/cimv2", HypervBackend.COMPUTER_SYSTEM_QUERY, 200, fixture("computer-system.xml"));
        query("root/cimv2", HypervBackend.SYSTEM_PRODUCT_QUERY, 200, fixture("system-product.xml"));
    }

    static String summaryOf(String namespace) {
        return fixture("summary.xml").replace("NAMESPACE", namespace);
    }

    List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(PATH)));
    }

    /** The text of the nodes {@code xpath} selects in a request body. */
    static List<String> select(LoggedRequest request, String xpath) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(request.getBody()));
            XPath path = XPathFactory.newInstance().newXPath();
            path.setNamespaceContext(new NamespaceContext() {
                @Override
                public String getNamespaceURI(String prefix) {
                    return NAMESPACES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
                }

                @Override
                public String getPrefix(String namespaceUri) {
                    return null;
                }

                @Override
                public Iterator<String> getPrefixes(String namespaceUri) {
                    return null;
                }
            });
            NodeList nodes = (NodeList) path.evaluate(xpath, document, XPathConstants.NODESET);
            return java.util.stream.IntStream.range(0, nodes.getLength())
                    .mapToObj(i -> nodes.item(i).getTextContent()).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot evaluate " + xpath, e);
        }
    }

    static String one(LoggedRequest request, String xpath) {
        List<String> found = select(request, xpath);
        if (found.size() != 1) {
            throw new AssertionError(xpath + " selects " + found + " in " + request.getBodyAsString());
        }
        return found.get(0);
    }
}
