package org.virtwho.backend.hyperv;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Finds the body of a SOAP 1.2 envelope, past its header. */
final class SoapBody {
    private SoapBody() {
    }

    /** Leaves the reader on the start of {@code s:Body}; fails if the document is no SOAP 1.2 envelope. */
    static void enter(XMLStreamReader xml) throws XMLStreamException {
        if (!XmlInput.nextChild(xml) || !XmlInput.is(xml, Wsman.SOAP, "Envelope")) {
            throw new XMLStreamException("expected a SOAP 1.2 envelope");
        }
        while (XmlInput.nextChild(xml)) {
            if (XmlInput.is(xml, Wsman.SOAP, "Body")) {
                return;
            }
            XmlInput.skip(xml);
        }
        throw new XMLStreamException("the SOAP envelope has no body");
    }
}
