package org.virtwho.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.destination.candlepin.CandlepinDestination;
import org.virtwho.destination.candlepin.Delivery;
import org.virtwho.model.Report;

/**
 * Interval mode's side of one destination. It keeps the newest report of each of its sections; whenever one
 * arrives, it sends all of them (one merged check-in) if their content changed since the server last accepted
 * it, or a heartbeat if not. A failed send is tried again later with growing pauses (or when the server said
 * to), always with the newest reports: nothing is lost, and nothing accepted is sent again.
 */
final class DestinationWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration MAX_RETRY = Duration.ofMinutes(30);

    private final String name;
    private final CandlepinDestination destination;
    private final RunStateFile state;
    private final ScheduledExecutorService retries;
    private final Map<String, Report> newest = new TreeMap<>();
    private final Set<String> waitingFor;
    private int failures;
    private String lastProblem;
    private ScheduledFuture<?> retry;

    /**
     * @param sections the sections this destination serves: the first send waits for each to report once
     */
    DestinationWorker(String name, CandlepinDestination destination, Set<String> sections, RunStateFile state) {
        this.name = name;
        this.destination = destination;
        this.waitingFor = new java.util.HashSet<>(sections);
        this.state = state;
        // Its own timer: the worker outlives the configuration (SIGHUP) and with it every other executor.
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "virt-who-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A section's newest report. */
    synchronized void offer(String section, Report report) throws InterruptedException {
        newest.put(section, report);
        arrived(section);
    }

    /** A section could not be collected this time; its previous report, if any, stays. */
    synchronized void failed(String section) throws InterruptedException {
        arrived(section);
    }

    /** The sections the destination serves now (after a reload); reports of the others are dropped. */
    synchronized void serve(Set<String> sections) {
        newest.keySet().retainAll(sections);
        waitingFor.retainAll(sections);
    }

    private void arrived(String section) throws InterruptedException {
        waitingFor.remove(section);
        // Upstream too waits for every section's first report, so the first check-in is complete.
        if (waitingFor.isEmpty() && !newest.isEmpty()) {
            send();
        }
    }

    private void send() throws InterruptedException {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        List<Report> reports = List.copyOf(newest.values());
        Delivery delivery = destination.deliverChanges(reports);
        if (delivery.accepted()) {
            if (failures > 0) {
                LOG.info("{} accepts reports again after {} failed attempt(s)", name, failures);
            }
            failures = 0;
            lastProblem = null;
            if (!delivery.unchanged()) {
                String jobState = delivery.job().map(Delivery.Job::state).orElse("FINISHED");
                for (String section : newest.keySet()) {
                    state.recordSend(section, delivery.job().map(Delivery.Job::id), jobState);
                }
            }
            return;
        }
        failures++;
        Duration wait = delivery.retryAfter().orElseGet(this::backoff);
        String problem = String.join("; ", delivery.problems());
        if (!problem.equals(lastProblem)) {
            // The destination has logged the details; say once what happens next.
            LOG.warn("{}: the newest reports are kept and sent again in {} s", name, wait.toSeconds());
            lastProblem = problem;
        } else {
            LOG.debug("{}: still failing ({}); next try in {} s", name, problem, wait.toSeconds());
        }
        if (!retries.isShutdown()) {
            retry = retries.schedule(this::retry, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retry() {
        synchronized (this) {
            retry = null;
            try {
                send();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** 30 s, 1, 2, 4 ... up to 30 minutes, with jitter so that many agents do not come back together. */
    private Duration backoff() {
        long ceiling = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures - 1, 10));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    @Override
    public synchronized void close() {
        retries.shutdownNow();
        destination.close();
    }
}
