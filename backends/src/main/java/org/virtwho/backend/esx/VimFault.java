package org.virtwho.backend.esx;

/**
 * A SOAP fault from vSphere. The {@link #type() type} (e.g. {@code NotAuthenticated}, {@code InvalidLogin},
 * {@code InvalidCollectorVersion}) decides what we do; the server's own text is kept for the user.
 */
final class VimFault extends Exception {
    private final String type;
    private final String text;

    VimFault(String type, String text) {
        super(type + (text.isBlank() ? "" : ": " + text));
        this.type = type;
        this.text = text;
    }

    String type() {
        return type;
    }

    /** The server's fault string, often empty. */
    String text() {
        return text;
    }

    boolean is(String faultType) {
        return type.equals(faultType);
    }
}
