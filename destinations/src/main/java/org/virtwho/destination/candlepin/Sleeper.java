package org.virtwho.destination.candlepin;

import java.time.Duration;

/** Waits; a seam so tests of retries and polling run in milliseconds. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
