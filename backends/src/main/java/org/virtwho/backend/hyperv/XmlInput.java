package org.virtwho.backend.hyperv;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.virtwho.backend.StreamingXml;

/**
 * Opens server answers for streaming, namespace-aware reading. A SOAP message has no DTD (SOAP 1.2 forbids one),
 * so none is read and no entity is resolved: a hostile or broken server cannot make us fetch files or URLs.
 */
final class XmlInput {
    private final XMLInputFactory factory;

    XmlInput() {
        factory = StreamingXml.inputFactory();
    }

    XMLStreamReader open(InputStream body) throws XMLStreamException {
        return factory.createXMLStreamReader(body);
    }

    /** Moves to the next start element inside the current element; false at the current element's end. */
    static boolean nextChild(XMLStreamReader xml) throws XMLStreamException {
        return StreamingXml.nextChild(xml);
    }

    /** Skips the current element with everything in it, leaving the reader on its end. */
    static void skip(XMLStreamReader xml) throws XMLStreamException {
        StreamingXml.skip(xml);
    }

    /** The text of the current element, which has no child elements; the reader is left on its end. */
    static String text(XMLStreamReader xml) throws XMLStreamException {
        return xml.getElementText().strip();
    }

    static boolean is(XMLStreamReader xml, String namespace, String localName) {
        return namespace.equals(xml.getNamespaceURI()) && localName.equals(xml.getLocalName());
    }

    /** True for {@code xsi:nil="true"}: WMI's way of saying a property has no value. */
    static boolean isNil(XMLStreamReader xml) {
        String nil = xml.getAttributeValue(Wsman.XSI, "nil");
        return "true".equals(nil) || "1".equals(nil);
    }
}
