package org.virtwho.destination.candlepin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of the reports given to one destination.
 *
 * @param problems   one sentence per thing that went wrong, already logged; empty when everything was accepted
 * @param retryAfter when the server said how long to wait (HTTP 429 Retry-After), that wait
 * @param job        the check-in job's id and final state, when a check-in was made
 * @param unchanged  nothing had changed since the server last accepted these reports: only a heartbeat went
 */
public record Delivery(List<String> problems, Optional<Duration> retryAfter, Optional<Job> job, boolean unchanged) {

    public record Job(String id, String state) {
    }

    public Delivery {
        problems = List.copyOf(problems);
    }

    public Delivery(List<String> problems) {
        this(problems, Optional.empty(), Optional.empty(), false);
    }

    public boolean accepted() {
        return problems.isEmpty();
    }
}
