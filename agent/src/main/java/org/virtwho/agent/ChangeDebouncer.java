package org.virtwho.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns a burst of change notices (a host evacuating fires one event per guest) into one action, taken a
 * quiet moment after the first notice: a change is reported within about {@code quiet}, however many events.
 */
final class ChangeDebouncer implements Runnable {
    private final Duration quiet;
    private final Runnable action;
    private final ScheduledExecutorService timer;
    private boolean scheduled;

    ChangeDebouncer(Duration quiet, Runnable action, ScheduledExecutorService timer) {
        this.quiet = quiet;
        this.action = action;
        this.timer = timer;
    }

    @Override
    public synchronized void run() {
        if (scheduled || timer.isShutdown()) {
            return;
        }
        scheduled = true;
        timer.schedule(this::fire, quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        synchronized (this) {
            scheduled = false;
        }
        action.run();
    }
}
