package org.virtwho.backend;

/** A source could not be read. The message is for the user: it says what failed and never holds a secret. */
public class BackendException extends Exception {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
