package org.virtwho.config;

import java.util.Objects;

/**
 * A password or other credential. Its {@link #toString()} never shows the value, so a secret that ends up in
 * a log line, an exception message or status output by accident shows as stars. Code that really needs the
 * value (an authentication header, the cipher) asks for it with {@link #reveal()}.
 */
public final class Secret {
    private static final String MASK = "********";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
