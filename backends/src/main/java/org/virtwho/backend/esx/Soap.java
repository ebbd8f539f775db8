package org.virtwho.backend.esx;

/** vSphere's SOAP 1.1 envelope, and the escaping of text that goes into it. */
final class Soap {
    static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
    /**
     * The API version we speak. 5.0 has every property and option we use, and every vCenter and ESXi from 5.0 on
     * accepts it (upstream's minimal WSDL says the same).
     */
    static final String SOAP_ACTION = "urn:vim25/5.0";

    private Soap() {
    }

    /** A request whose body holds one operation element, e.g. {@code <Login xmlns="urn:vim25">...</Login>}. */
    static String envelope(String operation, String arguments) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE_NS + "\" xmlns:xsi=\"" + XSI_NS + "\">"
                + "<soapenv:Body><" + operation + " xmlns=\"urn:vim25\">" + arguments + "</" + operation + ">"
                + "</soapenv:Body></soapenv:Envelope>";
    }

    static String element(String name, String text) {
        return "<" + name + ">" + escape(text) + "</" + name + ">";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
