package org.virtwho.backend.hyperv;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a SOAP 1.2 fault: its first subcode (a QName, resolved with the namespaces in scope where it stands),
 * its reason, and from the detail the error number that MS-WSMV's {@code WSManFault} or WMI's
 * {@code MSFT_WmiError} carries.
 */
final class FaultReader {
    private final XmlInput input;

    FaultReader(XmlInput input) {
        this.input = input;
    }

    /** Empty when the body holds no fault. */
    Optional<SoapFault> read(InputStream body) throws XMLStreamException {
        XMLStreamReader xml = input.open(body);
        try {
            SoapBody.enter(xml);
            if (!XmlInput.nextChild(xml) || !XmlInput.is(xml, Wsman.SOAP, "Fault")) {
                return Optional.empty();
            }
            return Optional.of(fault(xml));
        } finally {
            xml.close();
        }
    }

    private static SoapFault fault(XMLStreamReader xml) throws XMLStreamException {
        Optional<QName> subcode = Optional.empty();
        String reason = "";
        Detail detail = new Detail();
        while (XmlInput.nextChild(xml)) {
            if (XmlInput.is(xml, Wsman.SOAP, "Code")) {
                subcode = subcode(xml);
            } else if (XmlInput.is(xml, Wsman.SOAP, "Reason")) {
                reason = reason(xml);
            } else if (XmlInput.is(xml, Wsman.SOAP, "Detail")) {
                detail.read(xml);
            } else {
                XmlInput.skip(xml);
            }
        }
        return new SoapFault(subcode, reason, detail.codes, detail.message);
    }

    /** Inside {@code s:Code}: the value of its {@code s:Subcode}, if any. */
    private static Optional<QName> subcode(XMLStreamReader xml) throws XMLStreamException {
        Optional<QName> found = Optional.empty();
        while (XmlInput.nextChild(xml)) {
            if (XmlInput.is(xml, Wsman.SOAP, "Subcode")) {
                while (XmlInput.nextChild(xml)) {
                    if (XmlInput.is(xml, Wsman.SOAP, "Value") && found.isEmpty()) {
                        found = Optional.of(qname(xml));
                    } else {
                        XmlInput.skip(xml);
                    }
                }
            } else {
                XmlInput.skip(xml);
            }
        }
        return found;
    }

    private static QName qname(XMLStreamReader xml) throws XMLStreamException {
        // The prefix must be resolved here, before reading moves on: its declaration may end with this element.
        NamespaceContext scope = xml.getNamespaceContext();
        String text = XmlInput.text(xml);
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : text.substring(0, colon);
        String namespace = scope.getNamespaceURI(prefix);
        return new QName(namespace == null ? XMLConstants.NULL_NS_URI : namespace, text.substring(colon + 1));
    }

    /** The first {@code s:Text}; servers answer in the language of the request's locale, which we leave default. */
    private static String reason(XMLStreamReader xml) throws XMLStreamException {
        String reason = "";
        while (XmlInput.nextChild(xml)) {
            if (XmlInput.is(xml, Wsman.SOAP, "Text") && reason.isEmpty()) {
                reason = XmlInput.text(xml);
            } else {
                XmlInput.skip(xml);
            }
        }
        return reason;
    }

    /** What the fault detail tells, wherever in it the Windows elements stand. */
    private static final class Detail {
        final List<Long> codes = new ArrayList<>();
        Optional<String> message = Optional.empty();

        void read(XMLStreamReader xml) throws XMLStreamException {
            while (XmlInput.nextChild(xml)) {
                if (XmlInput.is(xml, Wsman.WSMAN_FAULT, "WSManFault")) {
                    number(xml.getAttributeValue(null, "Code"));
                    read(xml);
                } else if (XmlInput.is(xml, Wsman.WSMAN_FAULT, "Message")) {
                    String text = allText(xml);
                    if (message.isEmpty() && !text.isEmpty()) {
                        message = Optional.of(text);
                    }
                } else if (XmlInput.is(xml, Wsman.WMI_ERROR, "error_Code")) {
                    number(XmlInput.text(xml));
                } else {
                    read(xml);
                }
            }
        }

        private void number(String text) {
            if (text != null) {
                try {
                    codes.add(Long.parseLong(text.strip()));
                } catch (NumberFormatException e) {
                    // Not a number: the fault is still described by its subcode and reason.
                }
            }
        }

        /**
         * A Message may hold a ProviderFault with the provider's own words, and WMI's error inside that: all text,
         * flattened, and the error's number.
         */
        private String allText(XMLStreamReader xml) throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int depth = 1;
            while (depth > 0 && xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamReader.START_ELEMENT && XmlInput.is(xml, Wsman.WMI_ERROR, "error_Code")) {
                    number(XmlInput.text(xml));
                } else if (event == XMLStreamReader.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamReader.CHARACTERS || event == XMLStreamReader.CDATA) {
                    text.append(xml.getText());
                }
            }
            return text.toString().strip().replaceAll("\\s+", " ");
        }
    }
}
