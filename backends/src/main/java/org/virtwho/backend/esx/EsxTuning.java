package org.virtwho.backend.esx;

import java.time.Duration;

/**
 * How the ESX source paces itself. The defaults suit a real vCenter; tests shorten them.
 *
 * @param maxWaitSeconds   how long one {@code WaitForUpdatesEx} of a watch waits for a change; below the usual
 *                         60 s idle timeout of load balancers in front of vCenter
 * @param maxObjectUpdates at most this many objects per answer; the server says {@code truncated} and we ask again
 *                         at once, so no single answer grows with the size of the data centre
 * @param responseTimeout  the longest silence on a connection before the call is given up
 * @param firstRetry       the pause after a watch fails for the first time; it doubles up to {@code maxRetry}
 */
record EsxTuning(int maxWaitSeconds, int maxObjectUpdates, Duration responseTimeout, Duration firstRetry,
                 Duration maxRetry) {

    static final EsxTuning DEFAULT = new EsxTuning(50, 5000, Duration.ofSeconds(80), Duration.ofSeconds(1),
            Duration.ofSeconds(60));

    EsxTuning {
        if (maxWaitSeconds < 1 || maxObjectUpdates < 1) {
            throw new IllegalArgumentException("maxWaitSeconds and maxObjectUpdates must be positive");
        }
        if (responseTimeout.toSeconds() <= maxWaitSeconds) {
            throw new IllegalArgumentException("the response timeout must be longer than the wait for updates");
        }
    }
}
