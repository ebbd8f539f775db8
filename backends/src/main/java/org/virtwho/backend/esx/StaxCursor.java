package org.virtwho.backend.esx;

import java.io.InputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.virtwho.backend.StreamingXml;

/**
 * A namespace-aware walk over a streamed response, element by element. Names are matched by local name and
 * namespace URI, never by prefix: the simulator writes {@code XMLSchema-instance:type} where vCenter writes
 * {@code xsi:type}.
 */
final class StaxCursor {
    private final XMLStreamReader reader;

    private StaxCursor(XMLStreamReader reader) {
        this.reader = reader;
    }

    /** A reader that refuses DTDs and external entities: the answer comes from the network. */
    static XMLInputFactory factory() {
        return StreamingXml.inputFactory();
    }

    static StaxCursor over(XMLInputFactory factory, InputStream body) throws XMLStreamException {
        return new StaxCursor(factory.createXMLStreamReader(body));
    }

    /** Moves to the first element named {@code localName} in {@code namespace}, anywhere ahead. */
    boolean find(String namespace, String localName) throws XMLStreamException {
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT && localName.equals(reader.getLocalName())
                    && namespace.equals(reader.getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }

    /** Moves to the first child element of the current one. */
    boolean firstChild() throws XMLStreamException {
        return nextChild();
    }

    /**
     * Moves to the next child of the element we are in, from its start or from the end of a previous child;
     * false at the end of the element (the cursor is then on its end tag).
     */
    boolean nextChild() throws XMLStreamException {
        return StreamingXml.nextChild(reader);
    }

    String name() {
        return reader.getLocalName();
    }

    String namespace() {
        String namespace = reader.getNamespaceURI();
        return namespace == null ? "" : namespace;
    }

    /** An attribute without a namespace, such as a reference's {@code type}. */
    Optional<String> attribute(String localName) {
        // Not getAttributeValue(null, name): a null namespace matches any, and xsi:type is also named "type".
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = reader.getAttributeNamespace(i);
            if ((namespace == null || namespace.isEmpty()) && localName.equals(reader.getAttributeLocalName(i))) {
                return Optional.of(reader.getAttributeValue(i));
            }
        }
        return Optional.empty();
    }

    /** The element's {@code xsi:type} without its prefix, whatever prefix the server bound the namespace to. */
    Optional<String> xsiType() {
        String type = reader.getAttributeValue(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "type");
        return Optional.ofNullable(type).map(value -> value.substring(value.indexOf(':') + 1));
    }

    /** The text of an element without children; the cursor ends on its end tag. */
    String text() throws XMLStreamException {
        return reader.getElementText();
    }

    /** The current element as a reference, from its {@code type} attribute and its text. */
    MoRef ref() throws XMLStreamException {
        String type = attribute("type").orElse("");
        return new MoRef(type, text().strip());
    }

    /** Skips the current element and everything in it; the cursor ends on its end tag. */
    void skip() throws XMLStreamException {
        StreamingXml.skip(reader);
    }

    void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // nothing held open beyond the stream, which the HTTP client closes
        }
    }
}
