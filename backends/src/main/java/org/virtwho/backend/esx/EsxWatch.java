package org.virtwho.backend.esx;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;

/**
 * Waits on the server for changes, one {@code WaitForUpdatesEx} after another, on a thread of its own, and says
 * so whenever something changed. While the server cannot be reached it tries again with growing pauses, logging
 * the outage once; reports meanwhile fail with the reason, and the first success after it is told as a change.
 */
final class EsxWatch implements Backend.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(EsxWatch.class);
    private static final Duration JOIN = Duration.ofSeconds(2);

    private final String section;
    private final EsxBackend backend;
    private final Runnable changed;
    private final EsxTuning tuning;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    /** The inventory has been read at least once. */
    private boolean synchronised;
    private BackendException failure;

    EsxWatch(String section, EsxBackend backend, Runnable changed, EsxTuning tuning) {
        this.section = section;
        this.backend = backend;
        this.changed = changed;
        this.tuning = tuning;
        this.thread = new Thread(this::run, "virt-who-esx-" + section);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean closed() {
        return stop.getCount() == 0;
    }

    /** Returns once the inventory is current; throws the watch's failure while there is one. */
    synchronized void awaitSynchronised() throws BackendException {
        long deadline = System.nanoTime() + 2 * tuning.responseTimeout().toNanos();
        while (!synchronised && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed()) {
                throw new BackendException("the inventory is still being read; it will be reported when complete");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while the inventory was being read");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void run() {
        Duration pause = tuning.firstRetry();
        while (!closed()) {
            try {
                boolean anything = backend.update(tuning.maxWaitSeconds());
                boolean recovered = succeeded();
                if (anything || recovered) {
                    changed.run();
                }
                pause = tuning.firstRetry();
            } catch (BackendException e) {
                if (closed()) {
                    return;
                }
                failed(e);
                pause = sleep(pause);
            } catch (RuntimeException e) {
                if (closed()) {
                    // Cutting a call short at shutdown can surface from the HTTP client as an IllegalStateException.
                    return;
                }
                LOG.error("[{}]: watching for changes failed unexpectedly", section, e);
                failed(new BackendException("watching for changes failed unexpectedly: " + e));
                pause = sleep(pause);
            }
        }
    }

    /** @return whether this ends an outage */
    private synchronized boolean succeeded() {
        boolean recovered = failure != null;
        if (recovered && synchronised) {
            LOG.info("[{}]: the server answers again", section);
        }
        synchronised = true;
        failure = null;
        notifyAll();
        return recovered;
    }

    private synchronized void failed(BackendException e) {
        if (failure == null && synchronised) {
            LOG.warn("[{}]: lost the server: {}; trying again in the background", section, e.getMessage());
        } else {
            LOG.debug("[{}]: still no answer: {}", section, e.getMessage());
        }
        failure = e;
        notifyAll();
    }

    private Duration sleep(Duration pause) {
        try {
            stop.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(tuning.maxRetry()) > 0 ? tuning.maxRetry() : doubled;
    }

    @Override
    public void close() {
        stop.countDown();
        backend.interruptWait();
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
