package org.virtwho.config;

/**
 * An encrypted password that is not valid ciphertext for the key at hand. The message is meant to follow the
 * name of the option that held the value, and never contains the value itself.
 */
public final class UndecryptablePasswordException extends Exception {
    UndecryptablePasswordException() {
        super("cannot be decrypted, possibly corrupted or encrypted with another key");
    }
}
