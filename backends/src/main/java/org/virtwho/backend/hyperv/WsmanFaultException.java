package org.virtwho.backend.hyperv;

/**
 * The WinRM service answered a request with a SOAP fault. Kept apart from {@link org.virtwho.backend.BackendException}
 * so that the caller can act on some faults (a missing namespace) before it turns the rest into a message.
 *
 * @see HypervTrouble#fault
 */
final class WsmanFaultException extends Exception {
    private final transient SoapFault fault;
    private final String operation;
    private final String namespace;

    WsmanFaultException(SoapFault fault, String operation, String namespace) {
        super(operation + " in " + namespace + ": " + fault.describe());
        this.fault = fault;
        this.operation = operation;
        this.namespace = namespace;
    }

    SoapFault fault() {
        return fault;
    }

    /** What was asked, for messages: a WQL query or a method name. */
    String operation() {
        return operation;
    }

    String namespace() {
        return namespace;
    }
}
