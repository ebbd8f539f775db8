package org.virtwho.destination.candlepin;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** What happened to one HTTP request to the server: either it answered, or the exchange itself broke. */
sealed interface Attempt {

    /**
     * The server (or a proxy in front of it) answered.
     *
     * @param retryAfter     the raw {@code Retry-After} header, if any: delay-seconds or an HTTP-date
     * @param displayMessage the {@code displayMessage} of Candlepin's error body, if the answer had one
     */
    record Answered(int status, Optional<String> retryAfter, Optional<String> displayMessage) implements Attempt {
        public Answered {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(displayMessage, "displayMessage");
        }
    }

    /** No answer: connection refused or reset, timeout, unknown host, TLS failure... */
    record Failed(IOException cause) implements Attempt {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
