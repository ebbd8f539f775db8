package org.virtwho.http;

/**
 * One {@code -----BEGIN LABEL----- ... -----END LABEL-----} block of a PEM file, decoded. It may hold a private
 * key, so {@link #toString()} shows the label only.
 */
final class PemBlock {
    private final String label;
    private final byte[] der;
    private final boolean encrypted;

    PemBlock(String label, byte[] der, boolean encrypted) {
        this.label = label;
        this.der = der;
        this.encrypted = encrypted;
    }

    String label() {
        return label;
    }

    /** The decoded bytes, not a copy: callers only parse them. */
    byte[] der() {
        return der;
    }

    /**
     * Whether the block carries OpenSSL's legacy encryption headers ({@code Proc-Type: 4,ENCRYPTED}); PKCS#8
     * encryption shows in the label instead ({@code ENCRYPTED PRIVATE KEY}).
     */
    boolean encrypted() {
        return encrypted || label.startsWith("ENCRYPTED ");
    }

    @Override
    public String toString() {
        return "PemBlock[" + label + "]";
    }
}
