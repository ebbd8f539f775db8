package org.virtwho.backend.hyperv;

import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * A SOAP fault from the WinRM service, with what identifies its cause.
 *
 * @param subcode    the WS-Management or WS-Enumeration subcode, e.g. {@code wsman:AccessDenied}
 * @param reason     the service's own sentence, in its language
 * @param errorCodes the Windows, WinRM and WMI error numbers in the fault detail ({@code WSManFault/@Code},
 *                   {@code MSFT_WmiError/error_Code}), outermost first
 * @param detail     the detail's message, when it has one
 */
record SoapFault(Optional<QName> subcode, String reason, List<Long> errorCodes, Optional<String> detail) {
    SoapFault {
        errorCodes = List.copyOf(errorCodes);
    }

    /** WinRM's code for a WMI namespace that does not exist (0x8033801A). */
    static final long WINRM_INVALID_NAMESPACE = 2150858778L;
    /** WMI's WBEM_E_INVALID_NAMESPACE (0x8004100E). */
    static final long WMI_INVALID_NAMESPACE = 0x8004100EL;
    /** WMI's WBEM_E_ACCESS_DENIED (0x80041003). */
    static final long WMI_ACCESS_DENIED = 0x80041003L;
    /** Windows' ERROR_ACCESS_DENIED, plain and as an HRESULT. */
    static final long ACCESS_DENIED = 5;
    static final long HRESULT_ACCESS_DENIED = 0x80070005L;

    enum Kind { ACCESS_DENIED, INVALID_NAMESPACE, INVALID_ENUMERATION_CONTEXT, QUOTA_EXCEEDED, OTHER }

    Kind kind() {
        if (is(Wsman.WSMAN, "AccessDenied") || code(ACCESS_DENIED) || code(HRESULT_ACCESS_DENIED)
                || code(WMI_ACCESS_DENIED)) {
            return Kind.ACCESS_DENIED;
        }
        if (code(WINRM_INVALID_NAMESPACE) || code(WMI_INVALID_NAMESPACE)) {
            return Kind.INVALID_NAMESPACE;
        }
        if (is(Wsman.ENUMERATION, "InvalidEnumerationContext")) {
            return Kind.INVALID_ENUMERATION_CONTEXT;
        }
        if (is(Wsman.WSMAN, "QuotaLimit")) {
            return Kind.QUOTA_EXCEEDED;
        }
        return Kind.OTHER;
    }

    /** The service's words and, when known, its codes, for a message about a fault we have no better words for. */
    String describe() {
        StringBuilder text = new StringBuilder(reason.isEmpty() ? "(no reason given)" : reason);
        detail.filter(message -> !message.equals(reason)).ifPresent(message -> text.append(" ").append(message));
        subcode.ifPresent(code -> text.append(" [").append(code.getLocalPart()));
        if (!errorCodes.isEmpty()) {
            text.append(subcode.isPresent() ? ", " : " [").append("code ").append(errorCodes.get(0));
        }
        if (subcode.isPresent() || !errorCodes.isEmpty()) {
            text.append("]");
        }
        return text.toString();
    }

    private boolean is(String namespace, String localName) {
        return subcode.map(code -> code.getNamespaceURI().equals(namespace) && code.getLocalPart().equals(localName))
                .orElse(false);
    }

    private boolean code(long value) {
        return errorCodes.contains(value);
    }
}
