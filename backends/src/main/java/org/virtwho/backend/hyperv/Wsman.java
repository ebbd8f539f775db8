package org.virtwho.backend.hyperv;

/**
 * The XML namespaces and URIs of WS-Management (DMTF DSP0226) and its Windows profile (MS-WSMV) that this
 * source speaks: SOAP 1.2 envelopes, WS-Addressing headers, WS-Enumeration for WQL queries.
 */
final class Wsman {
    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    /** MS-WSMV's fault detail, {@code <f:WSManFault Code="..." Machine="...">}. */
    static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    /** WMI's own error detail, {@code <MSFT_WmiError><error_Code>...}. */
    static final String WMI_ERROR = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    static final String ANONYMOUS = ADDRESSING + "/role/anonymous";
    static final String ENUMERATE = ENUMERATION + "/Enumerate";
    static final String PULL = ENUMERATION + "/Pull";
    static final String WQL = "http://schemas.microsoft.com/wbem/wsman/1/WQL";

    /** Resource URIs of WMI classes through WinRM: this prefix, the WMI namespace, then the class or *. */
    static final String WMI_RESOURCES = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

    private Wsman() {
    }

    /** The resource a WQL query in {@code namespace} runs against: all its classes. */
    static String queryResource(String namespace) {
        return WMI_RESOURCES + namespace + "/*";
    }

    static String classResource(String namespace, String className) {
        return WMI_RESOURCES + namespace + "/" + className;
    }
}
