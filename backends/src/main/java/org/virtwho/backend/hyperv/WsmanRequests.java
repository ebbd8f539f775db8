package org.virtwho.backend.hyperv;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the SOAP envelopes this source sends. The XML writer escapes every text and attribute, so a WQL
 * condition or an enumeration context the server gave us can never break out of its element.
 */
final class WsmanRequests {
    /**
     * Windows' default MaxEnvelopeSizekb (500 KB): an answer stops at this size, so a host with many guests may
     * still need a Pull or two, but never a fault for asking more than the service allows.
     */
    static final int MAX_ENVELOPE_SIZE = 512_000;
    /**
     * Windows' default MaxBatchItems: as many items as fit into one envelope, so that an answer usually comes
     * in a single round trip.
     */
    static final int MAX_ELEMENTS = 32_000;
    private static final String OPERATION_TIMEOUT = "PT60S";

    private final String endpoint;
    private final Supplier<UUID> messageIds;
    private final XMLOutputFactory factory = XMLOutputFactory.newFactory();

    WsmanRequests(String endpoint, Supplier<UUID> messageIds) {
        this.endpoint = endpoint;
        this.messageIds = messageIds;
    }

    /**
     * Starts a WQL query, asking for the first batch of items in the answer already (OptimizeEnumeration),
     * instead of only an enumeration context to pull them with.
     */
    String enumerate(String namespace, String wql) {
        return envelope(Wsman.ENUMERATE, Wsman.queryResource(namespace), Map.of(), body -> {
            body.writeStartElement("n", "Enumerate", Wsman.ENUMERATION);
            body.writeStartElement("w", "Filter", Wsman.WSMAN);
            body.writeAttribute("Dialect", Wsman.WQL);
            body.writeCharacters(wql);
            body.writeEndElement();
            body.writeEmptyElement("w", "OptimizeEnumeration", Wsman.WSMAN);
            element(body, "w", "MaxElements", Wsman.WSMAN, Integer.toString(MAX_ELEMENTS));
            body.writeEndElement();
        });
    }

    /** The next batch of an enumeration. */
    String pull(String namespace, String enumerationContext) {
        return envelope(Wsman.PULL, Wsman.queryResource(namespace), Map.of(), body -> {
            body.writeStartElement("n", "Pull", Wsman.ENUMERATION);
            element(body, "n", "EnumerationContext", Wsman.ENUMERATION, enumerationContext);
            element(body, "n", "MaxElements", Wsman.ENUMERATION, Integer.toString(MAX_ELEMENTS));
            body.writeEndElement();
        });
    }

    /**
     * Calls a WMI method: the action and the input element are named after the method, in the namespace of the
     * class's resource URI (DSP0227's CIM binding, as WinRM implements it).
     *
     * @param selectors the keys that pick the instance the method runs on
     * @param arguments each input parameter with its values, in order; a parameter may repeat (an array)
     */
    String invoke(String classResource, String method, Map<String, String> selectors,
                  List<Map.Entry<String, String>> arguments) {
        return envelope(classResource + "/" + method, classResource, selectors, body -> {
            body.writeStartElement("p", method + "_INPUT", classResource);
            body.writeNamespace("p", classResource);
            for (Map.Entry<String, String> argument : arguments) {
                element(body, "p", argument.getKey(), classResource, argument.getValue());
            }
            body.writeEndElement();
        });
    }

    private interface BodyWriter {
        void write(XMLStreamWriter body) throws XMLStreamException;
    }

    private String envelope(String action, String resourceUri, Map<String, String> selectors, BodyWriter body) {
        StringWriter text = new StringWriter(1024);
        try {
            XMLStreamWriter xml = factory.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("s", "Envelope", Wsman.SOAP);
            xml.writeNamespace("s", Wsman.SOAP);
            xml.writeNamespace("a", Wsman.ADDRESSING);
            xml.writeNamespace("n", Wsman.ENUMERATION);
            xml.writeNamespace("w", Wsman.WSMAN);
            xml.writeStartElement("s", "Header", Wsman.SOAP);
            element(xml, "a", "To", Wsman.ADDRESSING, endpoint);
            mustUnderstand(xml, "w", "ResourceURI", Wsman.WSMAN, resourceUri);
            xml.writeStartElement("a", "ReplyTo", Wsman.ADDRESSING);
            mustUnderstand(xml, "a", "Address", Wsman.ADDRESSING, Wsman.ANONYMOUS);
            xml.writeEndElement();
            mustUnderstand(xml, "a", "Action", Wsman.ADDRESSING, action);
            mustUnderstand(xml, "w", "MaxEnvelopeSize", Wsman.WSMAN, Integer.toString(MAX_ENVELOPE_SIZE));
            element(xml, "a", "MessageID", Wsman.ADDRESSING, "uuid:" + messageIds.get());
            element(xml, "w", "OperationTimeout", Wsman.WSMAN, OPERATION_TIMEOUT);
            if (!selectors.isEmpty()) {
                xml.writeStartElement("w", "SelectorSet", Wsman.WSMAN);
                for (Map.Entry<String, String> selector : selectors.entrySet()) {
                    xml.writeStartElement("w", "Selector", Wsman.WSMAN);
                    xml.writeAttribute("Name", selector.getKey());
                    xml.writeCharacters(selector.getValue());
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeStartElement("s", "Body", Wsman.SOAP);
            body.write(xml);
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Writing to a string fails only on a programming error, such as an invalid element name.
            throw new IllegalStateException("cannot write a WS-Management request", e);
        }
        return text.toString();
    }

    private static void element(XMLStreamWriter xml, String prefix, String name, String namespace, String text)
            throws XMLStreamException {
        xml.writeStartElement(prefix, name, namespace);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void mustUnderstand(XMLStreamWriter xml, String prefix, String name, String namespace, String text)
            throws XMLStreamException {
        xml.writeStartElement(prefix, name, namespace);
        xml.writeAttribute("s", Wsman.SOAP, "mustUnderstand", "true");
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
