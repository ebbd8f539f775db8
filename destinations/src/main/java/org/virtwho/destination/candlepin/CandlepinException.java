package org.virtwho.destination.candlepin;

import java.util.Optional;

/**
 * A request to the entitlement server that did not succeed: what was being done, what happened (for the
 * back-pressure policy to judge), and, for TLS failures, an explanation that settles it.
 */
final class CandlepinException extends Exception {
    private final String action;
    private final Attempt attempt;
    private final Optional<String> explanation;

    CandlepinException(String action, Attempt attempt, Optional<String> explanation) {
        super(action + " failed: " + explanation.orElseGet(() -> describe(attempt)));
        this.action = action;
        this.attempt = attempt;
        this.explanation = explanation;
    }

    String action() {
        return action;
    }

    Attempt attempt() {
        return attempt;
    }

    /** A failure no retry can mend (a certificate the agent does not trust), explained for the user. */
    Optional<String> explanation() {
        return explanation;
    }

    private static String describe(Attempt attempt) {
        if (attempt instanceof Attempt.Answered answered) {
            return "HTTP " + answered.status() + answered.displayMessage().map(message -> ": " + message).orElse("");
        }
        return String.valueOf(((Attempt.Failed) attempt).cause());
    }
}
