package org.virtwho.http;

/**
 * The HTTP settings cannot work: a CA, certificate or key file is missing, unreadable or malformed. The message
 * names the file and what is wrong with it, for the user; it never holds key material or a password.
 */
public class HttpSetupException extends Exception {
    public HttpSetupException(String message) {
        super(message);
    }

    public HttpSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
