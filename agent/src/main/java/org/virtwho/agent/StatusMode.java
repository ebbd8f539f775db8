package org.virtwho.agent;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.BackendFactory;
import org.virtwho.backend.Backends;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.destination.candlepin.CandlepinDestination;
import org.virtwho.destination.candlepin.CandlepinTarget;
import org.virtwho.destination.candlepin.Patience;
import org.virtwho.destination.candlepin.Sleeper;
import org.virtwho.destination.candlepin.TargetResolver;
import org.virtwho.http.HttpSetupException;

/**
 * {@code -s} and {@code -s -j}: checks that every section's source answers and that its destination takes its
 * credentials and owner, then prints upstream's table (or JSON document) with the run data of the daemon laid
 * over it. Nothing is reported to the server. All checks run at the same time, so a slow vCenter does not hold
 * up the others.
 *
 * <p>Unlike upstream, which always exits 0, the exit code says whether every check succeeded (0) or not (1).
 */
final class StatusMode {
    /** Upstream's reporter id for status checks: no host reports as it, so its heartbeat changes nothing. */
    static final String REPORTER_ID = "status_test";
    /** One try: a status check says how things are now, it does not wait for them to get better. */
    static final Patience PATIENCE = new Patience(1, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1));
    /** A check that has not answered by then is reported as failed (the HTTP and backend timeouts come first). */
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(5);
    private static final int MAX_THREADS = 8;
    private static final String MASK = "********";

    private final Logger log = LoggerFactory.getLogger(StatusMode.class);
    private final Backends backends;
    private final BackendContext context;
    private final TargetResolver targets;
    private final RunStateFile runState;
    private final boolean json;
    private final PrintStream out;
    private final Clock clock;
    private final Duration timeLimit;

    /**
     * @param json whether to print the JSON document ({@code -j}) rather than the table
     */
    StatusMode(Backends backends, BackendContext context, TargetResolver targets, RunStateFile runState, boolean json,
               PrintStream out, Clock clock) {
        this(backends, context, targets, runState, json, out, clock, DEFAULT_TIME_LIMIT);
    }

    StatusMode(Backends backends, BackendContext context, TargetResolver targets, RunStateFile runState, boolean json,
               PrintStream out, Clock clock, Duration timeLimit) {
        this.backends = Objects.requireNonNull(backends, "backends");
        this.context = Objects.requireNonNull(context, "context");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.runState = Objects.requireNonNull(runState, "runState");
        this.json = json;
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    /** Checks, prints, and returns the exit code: 0 when every check succeeded, 1 otherwise. */
    int run(List<SourceConfig> sources) {
        StatusReport report = check(sources);
        out.print(json ? report.json() : report.text());
        out.flush();
        return report.allSucceeded() ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** Runs every check and gathers the report, sections in the given order. */
    StatusReport check(List<SourceConfig> sources) {
        RunStateFile.RunState state = runState.read();
        // Daemon threads: a check given up on must not keep the process alive.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(2 * sources.size(), MAX_THREADS)),
                task -> {
                    Thread thread = new Thread(task, "status-check");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Optional<String>>> sourceChecks = new ArrayList<>();
            List<Future<Optional<String>>> destinationChecks = new ArrayList<>();
            for (SourceConfig source : sources) {
                sourceChecks.add(pool.submit(() -> inSection(source, () -> checkSource(source))));
                destinationChecks.add(hasDestination(source)
                        ? pool.submit(() -> inSection(source, () -> checkDestination(source)))
                        : null);
            }
            Instant deadline = clock.instant().plus(timeLimit);
            List<StatusReport.Section> sections = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                SourceConfig source = sources.get(i);
                Optional<String> sourceProblem = await(sourceChecks.get(i), source, "source", deadline);
                Optional<String> destinationProblem = destinationChecks.get(i) == null ? Optional.empty()
                        : await(destinationChecks.get(i), source, "destination", deadline);
                sections.add(section(source, state, sourceProblem, destinationProblem));
            }
            return new StatusReport(sections);
        } finally {
            pool.shutdownNow();
        }
    }

    private StatusReport.Section section(SourceConfig source, RunStateFile.RunState state,
                                         Optional<String> sourceProblem, Optional<String> destinationProblem) {
        Optional<RunStateFile.SourceState> retrieved = Optional.ofNullable(state.sources().get(source.name()));
        Optional<RunStateFile.DestinationState> sent = Optional.ofNullable(state.destinations().get(source.name()));
        StatusReport.Source sourceStatus = new StatusReport.Source(
                source.server() == null || source.server().isEmpty() ? null : source.server(),
                sourceProblem.map(problem -> message(problem, source)),
                retrieved.map(RunStateFile.SourceState::lastSuccessfulRetrieve).orElse(null),
                retrieved.map(RunStateFile.SourceState::hypervisors).orElse(null),
                retrieved.map(RunStateFile.SourceState::guests).orElse(null));
        StatusReport.Destination destinationStatus = new StatusReport.Destination(
                destinationConnection(source),
                destinationProblem.map(problem -> message(problem, source)),
                sent.map(RunStateFile.DestinationState::lastSuccessfulSend).orElse(null),
                sent.flatMap(RunStateFile.DestinationState::lastJobStatus).orElse(null));
        return new StatusReport.Section(source.name(), sourceStatus, destinationStatus);
    }

    /**
     * Sections with an owner send to an organisation, which is checked; the others (local libvirt, fake without
     * an owner) send this system's guest list, which upstream does not check either.
     */
    private static boolean hasDestination(SourceConfig source) {
        return source.owner().isPresent() || source.smType() == SourceConfig.SmType.SATELLITE;
    }

    /** @return why the source does not answer; empty when it does */
    private Optional<String> checkSource(SourceConfig source) {
        Optional<BackendFactory> factory = backends.forType(source.type());
        if (factory.isEmpty()) {
            return sourceFailed(source, "the '" + source.type().configName() + "' source type is not available in "
                    + "this build");
        }
        try (Backend backend = factory.get().create(source, context)) {
            backend.check();
            log.debug("[{}]: the source answers", source.name());
            return Optional.empty();
        } catch (BackendException e) {
            return sourceFailed(source, e.getMessage());
        } catch (RuntimeException e) {
            // A bug, not a source fault: the stack trace goes to the log for the bug report.
            log.error("[{}]: checking the source failed unexpectedly", source.name(), e);
            return Optional.of(e.toString());
        }
    }

    private Optional<String> sourceFailed(SourceConfig source, String reason) {
        log.error("[{}]: the source does not answer: {}", source.name(), scrub(reason, source));
        return Optional.of(reason);
    }

    /** @return why the destination refuses the section; empty when it accepts it */
    private Optional<String> checkDestination(SourceConfig source) {
        if (source.smType() == SourceConfig.SmType.SATELLITE) {
            return destinationFailed(source, "Satellite 5 (sm_type=satellite) is not supported");
        }
        CandlepinTarget target;
        try {
            target = targets.resolve(source);
        } catch (IllegalArgumentException e) {
            return destinationFailed(source, "Error during status connection: unusable connection settings for the "
                    + "entitlement server: " + e.getMessage());
        }
        // The destination logs what it finds itself.
        try (CandlepinDestination destination = new CandlepinDestination(target, REPORTER_ID, PATIENCE,
                Sleeper.REAL)) {
            return destination.check();
        } catch (HttpSetupException e) {
            return destinationFailed(source, "Error during status connection: " + e.getMessage());
        }
    }

    private Optional<String> destinationFailed(SourceConfig source, String reason) {
        log.error("[{}]: {}", source.name(), scrub(reason, source));
        return Optional.of(reason);
    }

    /** The entitlement server's host name, as upstream shows it; {@code ""} when nothing is checked. */
    private String destinationConnection(SourceConfig source) {
        if (source.smType() == SourceConfig.SmType.SATELLITE) {
            return source.satellite().map(SourceConfig.Satellite::server).orElse("");
        }
        if (!hasDestination(source)) {
            return "";
        }
        try {
            String host = targets.resolve(source).base().getHost();
            if (host != null) {
                return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            }
        } catch (IllegalArgumentException e) {
            // already reported by the check
        }
        return source.rhsm().hostname().orElse("");
    }

    private Optional<String> inSection(SourceConfig source, Supplier<Optional<String>> check) {
        MDC.put(Log4jLogging.SECTION_KEY, source.name());
        try {
            return check.get();
        } finally {
            MDC.remove(Log4jLogging.SECTION_KEY);
        }
    }

    private Optional<String> await(Future<Optional<String>> check, SourceConfig source, String what,
                                   Instant deadline) {
        try {
            long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            return check.get(left, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException e) {
            log.error("[{}]: checking the {} failed unexpectedly", source.name(), what, e.getCause());
            return Optional.of(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            check.cancel(true);
            String problem = "no answer within " + (timeLimit.toMillis() % 1000 == 0
                    ? timeLimit.toSeconds() + " s" : timeLimit.toMillis() + " ms");
            log.error("[{}]: checking the {} gave up: {}", source.name(), what, problem);
            return Optional.of(problem);
        }
    }

    /**
     * Upstream's message: the reason and a full stop. Any password of the section is masked, in case a library
     * put one in an error text.
     */
    static String message(String problem, SourceConfig source) {
        String text = scrub(problem, source);
        return text.endsWith(".") ? text : text + ".";
    }

    private static String scrub(String text, SourceConfig source) {
        List<Secret> secrets = Stream.of(source.password(), source.rhsm().password(), source.rhsm().proxyPassword(),
                        source.satellite().map(SourceConfig.Satellite::password))
                .flatMap(Optional::stream)
                .toList();
        String result = text;
        for (Secret secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret.reveal(), MASK);
            }
        }
        return result;
    }
}
