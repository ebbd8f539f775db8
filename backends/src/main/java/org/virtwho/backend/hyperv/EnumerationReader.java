package org.virtwho.backend.hyperv;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an EnumerateResponse or a PullResponse as it streams in. WS-Management puts the optimized first batch
 * of an EnumerateResponse in {@code wsman:Items} and {@code wsman:EndOfSequence}, while a PullResponse has
 * WS-Enumeration's {@code wsen:Items} and {@code wsen:EndOfSequence}; both are accepted in either answer.
 */
final class EnumerationReader {
    private final XmlInput input;

    EnumerationReader(XmlInput input) {
        this.input = input;
    }

    EnumerationPage read(InputStream body) throws XMLStreamException {
        XMLStreamReader xml = input.open(body);
        try {
            SoapBody.enter(xml);
            if (!XmlInput.nextChild(xml) || !(XmlInput.is(xml, Wsman.ENUMERATION, "EnumerateResponse")
                    || XmlInput.is(xml, Wsman.ENUMERATION, "PullResponse"))) {
                throw new XMLStreamException("expected an EnumerateResponse or a PullResponse");
            }
            return page(xml);
        } finally {
            xml.close();
        }
    }

    private static EnumerationPage page(XMLStreamReader xml) throws XMLStreamException {
        List<WmiInstance> items = new ArrayList<>();
        Optional<String> context = Optional.empty();
        boolean end = false;
        while (XmlInput.nextChild(xml)) {
            if (XmlInput.is(xml, Wsman.ENUMERATION, "EnumerationContext")) {
                String text = XmlInput.text(xml);
                context = text.isEmpty() ? Optional.empty() : Optional.of(text);
            } else if (isEither(xml, "Items")) {
                while (XmlInput.nextChild(xml)) {
                    items.add(instance(xml));
                }
            } else if (isEither(xml, "EndOfSequence")) {
                end = true;
                XmlInput.skip(xml);
            } else {
                XmlInput.skip(xml);
            }
        }
        return new EnumerationPage(items, context, end);
    }

    private static boolean isEither(XMLStreamReader xml, String localName) {
        return XmlInput.is(xml, Wsman.WSMAN, localName) || XmlInput.is(xml, Wsman.ENUMERATION, localName);
    }

    /**
     * An item is the class's element ({@code <p:Win32_ComputerSystem>}) for {@code select *}, or an
     * {@code wsman:XmlFragment} for a query that selects properties; either way its children are the properties.
     */
    private static WmiInstance instance(XMLStreamReader xml) throws XMLStreamException {
        Map<String, String> properties = new HashMap<>();
        while (XmlInput.nextChild(xml)) {
            String name = xml.getLocalName();
            boolean nil = XmlInput.isNil(xml);
            Optional<String> value = simpleValue(xml);
            if (!nil && value.isPresent()) {
                // An array property repeats its element; the first value stands for it.
                properties.putIfAbsent(name, value.get());
            }
        }
        return new WmiInstance(properties);
    }

    /** The text of a property; empty for an embedded object (child elements), which no query here reads. */
    private static Optional<String> simpleValue(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        boolean nested = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(xml.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                nested = true;
                XmlInput.skip(xml);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        return nested ? Optional.empty() : Optional.of(text.toString().strip());
    }
}
