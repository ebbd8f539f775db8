package org.virtwho.config;

/**
 * The key file of encrypted passwords is missing, unreadable, malformed or cannot be created. The message
 * names the file and the reason, never the key.
 */
public final class KeyFileException extends Exception {
    private final boolean permissionDenied;

    KeyFileException(String message, boolean permissionDenied, Throwable cause) {
        super(message, cause);
        this.permissionDenied = permissionDenied;
    }

    /** True when running as another user (usually root) would probably help. */
    public boolean permissionDenied() {
        return permissionDenied;
    }
}
