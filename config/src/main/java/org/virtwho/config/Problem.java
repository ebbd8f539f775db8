package org.virtwho.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with (or worth saying about) the configuration, located as precisely as we can: the file,
 * the section and the key. Messages never contain a secret's value.
 *
 * @param file    the file the problem is in, or {@code null} for command-line options and built-in defaults
 * @param section the section name, or {@code null} when the problem is about a whole file
 * @param key     the option, or {@code null} when the problem is about a whole section or file
 */
public record Problem(Severity severity, Path file, String section, String key, String message) {

    public enum Severity { ERROR, WARNING, INFO, DEBUG }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(Path file, String section, String key, String message) {
        return new Problem(Severity.ERROR, file, section, key, message);
    }

    public static Problem warning(Path file, String section, String key, String message) {
        return new Problem(Severity.WARNING, file, section, key, message);
    }

    public static Problem info(Path file, String section, String key, String message) {
        return new Problem(Severity.INFO, file, section, key, message);
    }

    public static Problem debug(Path file, String section, String key, String message) {
        return new Problem(Severity.DEBUG, file, section, key, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** For example {@code /etc/virt-who.d/vcenter.conf [vcenter] server: Option server needs to be set}. */
    @Override
    public String toString() {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
        }
        if (section != null) {
            where.append(where.length() > 0 ? " " : "").append('[').append(section).append(']');
        }
        if (key != null) {
            where.append(where.length() > 0 ? " " : "").append(key);
        }
        return where.length() == 0 ? message : where + ": " + message;
    }
}
