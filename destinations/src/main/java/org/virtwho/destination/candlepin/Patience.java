package org.virtwho.destination.candlepin;

import java.time.Duration;

/**
 * How long one delivery keeps trying. One-shot mode must end: a few attempts, no single wait longer than
 * {@code longestWait}, and jobs polled until {@code jobTimeout}.
 *
 * @param attempts    tries per request, the first included
 * @param longestWait a server asking to wait longer than this (429 Retry-After) is given up on in this run
 * @param firstPoll   the pause before a job is first polled; pauses then double up to {@code longestPoll}
 */
public record Patience(int attempts, Duration longestWait, Duration firstPoll, Duration longestPoll,
                       Duration jobTimeout) {

    /**
     * For interval mode: one try per cycle (the daemon keeps the newest report and tries again later, with
     * backoff); a server's Retry-After is passed back instead of waited for here.
     */
    public static final Patience DAEMON = new Patience(1, Duration.ofHours(1), Duration.ofSeconds(1),
            Duration.ofSeconds(15), Duration.ofMinutes(10));

    /** For -o: three tries, waits of at most five minutes, jobs followed for ten. */
    public static final Patience ONE_SHOT = new Patience(3, Duration.ofMinutes(5), Duration.ofSeconds(1),
            Duration.ofSeconds(15), Duration.ofMinutes(10));
}
