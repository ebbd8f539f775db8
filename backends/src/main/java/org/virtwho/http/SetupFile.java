package org.virtwho.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file named by the HTTP settings, with the role it plays ("CA certificate file", "client key file", ...), so
 * that every problem with it is reported the same way: the role, the path, what is wrong.
 */
record SetupFile(String role, Path path) {

    /** Larger than any certificate bundle; a bound, so a wrong path (a disk image, say) fails fast. */
    private static final long MAX_SIZE = 16L * 1024 * 1024;

    byte[] read() throws HttpSetupException {
        try {
            if (Files.isDirectory(path)) {
                throw problem("is a directory, not a file");
            }
            if (Files.size(path) > MAX_SIZE) {
                throw problem("is larger than " + MAX_SIZE / (1024 * 1024) + " MiB; it cannot be a PEM file");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new HttpSetupException("Cannot read the " + role + " " + path + ": " + reason(e), e);
        }
    }

    /** What went wrong, in words: the JDK's messages for the common cases are just the path again. */
    static String reason(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    /** An exception whose message is "The ROLE PATH " followed by {@code what}. */
    HttpSetupException problem(String what) {
        return new HttpSetupException("The " + role + " " + path + " " + what);
    }

    HttpSetupException problem(String what, Throwable cause) {
        return new HttpSetupException("The " + role + " " + path + " " + what, cause);
    }
}
