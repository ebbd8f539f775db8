package org.virtwho.backend.libvirt;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one value out of the small XML documents libvirt describes a host with (capabilities, node
 * devices, sysinfo): the text or an attribute of the first element at a path of element names from the
 * root, optionally the first whose given attribute has a given value.
 */
final class XmlPath {
    private final List<String> path;
    private final String attribute;
    private final String whereAttribute;
    private final String whereValue;

    private XmlPath(List<String> path, String attribute, String whereAttribute, String whereValue) {
        this.path = path;
        this.attribute = attribute;
        this.whereAttribute = whereAttribute;
        this.whereValue = whereValue;
    }

    /** The text of the element at {@code path}, e.g. {@code text("capabilities", "host", "uuid")}. */
    static XmlPath text(String... path) {
        return new XmlPath(List.of(path), null, null, null);
    }

    /** An attribute of the element at {@code path}. */
    static XmlPath attribute(String attribute, String... path) {
        return new XmlPath(List.of(path), attribute, null, null);
    }

    /** Only the element (the last of the path) whose attribute has this value, e.g. {@code entry name="uuid"}. */
    XmlPath where(String attribute, String value) {
        return new XmlPath(path, this.attribute, attribute, value);
    }

    /** @return the trimmed value, empty when the element is absent or the value blank */
    Optional<String> in(String xml) {
        if (xml == null || xml.isBlank()) {
            return Optional.empty();
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
            Deque<String> open = new ArrayDeque<>();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    open.addLast(reader.getLocalName());
                    if (matches(open) && selected(reader)) {
                        String value = attribute != null ? reader.getAttributeValue(null, attribute)
                                : reader.getElementText();
                        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.removeLast();
                }
            }
            return Optional.empty();
        } catch (XMLStreamException e) {
            return Optional.empty();
        }
    }

    private boolean matches(Deque<String> open) {
        return open.size() == path.size() && List.copyOf(open).equals(path);
    }

    private boolean selected(XMLStreamReader reader) {
        return whereAttribute == null || whereValue.equals(reader.getAttributeValue(null, whereAttribute));
    }
}
