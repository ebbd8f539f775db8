package org.virtwho.backend.hyperv;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the answer of {@code Msvm_VirtualSystemManagementService.GetSummaryInformation}: one
 * {@code SummaryInformation} output element per virtual machine, each an embedded {@code Msvm_SummaryInformation}
 * instance, of which we read {@code Name} (the machine's VirtualSystemIdentifier) and {@code EnabledState}.
 */
final class SummaryInformationReader {
    private final XmlInput input;

    SummaryInformationReader(XmlInput input) {
        this.input = input;
    }

    /** EnabledState as sent (a number), by machine name; a machine without either is left out. */
    Map<String, String> enabledStates(InputStream body, String serviceResource) throws XMLStreamException {
        XMLStreamReader xml = input.open(body);
        try {
            SoapBody.enter(xml);
            if (!XmlInput.nextChild(xml) || !XmlInput.is(xml, serviceResource, "GetSummaryInformation_OUTPUT")) {
                throw new XMLStreamException("expected GetSummaryInformation_OUTPUT of " + serviceResource);
            }
            Map<String, String> states = new HashMap<>();
            while (XmlInput.nextChild(xml)) {
                if (XmlInput.is(xml, serviceResource, "SummaryInformation") && !XmlInput.isNil(xml)) {
                    machine(xml, states);
                } else {
                    XmlInput.skip(xml);
                }
            }
            return states;
        } finally {
            xml.close();
        }
    }

    private static void machine(XMLStreamReader xml, Map<String, String> states) throws XMLStreamException {
        String name = null;
        String state = null;
        while (XmlInput.nextChild(xml)) {
            String property = xml.getLocalName();
            if (XmlInput.isNil(xml)) {
                XmlInput.skip(xml);
            } else if (property.equals("Name")) {
                name = XmlInput.text(xml);
            } else if (property.equals("EnabledState")) {
                state = XmlInput.text(xml);
            } else {
                XmlInput.skip(xml);
            }
        }
        if (name != null && state != null) {
            states.put(name, state);
        }
    }
}
