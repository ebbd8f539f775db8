package org.virtwho.destination.candlepin;

import java.time.Duration;
import java.util.Objects;

/** What to do about an {@link Attempt}, as {@link BackPressure} judges it. */
sealed interface Verdict {

    /** The server accepted the request (2xx). */
    record Success() implements Verdict {
    }

    /**
     * Send the same request again after {@code delay}.
     *
     * @param reason for the log, e.g. {@code HTTP 429, server asked to wait 120 s} or {@code connection reset}
     */
    record Retry(Duration delay, String reason) implements Verdict {
        public Retry {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reason, "reason");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("a retry delay cannot be negative: " + delay);
            }
        }
    }

    /**
     * Repeating the request soon would get the same answer: bad credentials, unknown owner, deleted consumer...
     *
     * @param reason a sentence for the user, without the request's context: the caller prefixes it with what it
     *               was doing ("check-in to owner ACME: ...")
     */
    record Fatal(int status, String reason) implements Verdict {
        public Fatal {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
