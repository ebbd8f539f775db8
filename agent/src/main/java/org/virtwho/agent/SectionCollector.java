package org.virtwho.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.BackendFactory;
import org.virtwho.backend.Backends;
import org.virtwho.backend.ReportShaper;
import org.virtwho.config.SourceConfig;
import org.virtwho.model.Report;

/**
 * Collects one report from every source section, all sections at once (a slow vCenter does not hold up the
 * others), and shapes each with {@link ReportShaper}. A section that fails is logged once and left out; the
 * others are not affected.
 */
final class SectionCollector {
    private static final int MAX_THREADS = 8;
    private final Logger log = LoggerFactory.getLogger(SectionCollector.class);
    private final Backends backends;
    private final BackendContext context;

    SectionCollector(Backends backends, BackendContext context) {
        this.backends = backends;
        this.context = context;
    }

    /** What became of one section. */
    sealed interface Outcome {
        SourceConfig source();
    }

    record Collected(SourceConfig source, Report report) implements Outcome {
    }

    record Failed(SourceConfig source, String reason) implements Outcome {
    }

    /** @return one outcome per source, in the order of the sources */
    List<Outcome> collectAll(List<SourceConfig> sources) {
        if (sources.size() == 1) {
            return List.of(collect(sources.get(0)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(sources.size(), MAX_THREADS));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (SourceConfig source : sources) {
                futures.add(pool.submit(() -> collect(source)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(await(futures.get(i), sources.get(i)));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome await(Future<Outcome> future, SourceConfig source) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(source, "interrupted");
        } catch (ExecutionException e) {
            return new Failed(source, String.valueOf(e.getCause()));
        }
    }

    private Outcome collect(SourceConfig source) {
        MDC.put(Log4jLogging.SECTION_KEY, source.name());
        try {
            BackendFactory factory = backends.forType(source.type()).orElse(null);
            if (factory == null) {
                return failed(source, "the '" + source.type().configName() + "' source type is not available in "
                        + "this build of virt-who");
            }
            try (Backend backend = factory.create(source, context)) {
                Report report = new ReportShaper(source).shape(backend.collect());
                logCollected(report);
                return new Collected(source, report);
            } catch (BackendException e) {
                return failed(source, e.getMessage());
            } catch (RuntimeException e) {
                // A bug, not a source fault: the stack trace goes to the log file for the bug report.
                log.error("[{}]: collecting the report failed unexpectedly", source.name(), e);
                return new Failed(source, e.toString());
            }
        } finally {
            MDC.remove(Log4jLogging.SECTION_KEY);
        }
    }

    private Outcome failed(SourceConfig source, String reason) {
        log.error("[{}]: unable to collect the report: {}", source.name(), reason);
        return new Failed(source, reason);
    }

    static void logCollected(Report report) {
        Logger log = LoggerFactory.getLogger(SectionCollector.class);
        if (report instanceof Report.HostGuestMapping mapping) {
            log.info("Hosts-to-guests mapping for config \"{}\": {} hypervisors and {} guests found",
                    report.source(), mapping.hypervisors().size(), report.guestCount());
        } else if (report instanceof Report.GuestList list) {
            log.info("Domain info for config \"{}\": {} guests found", report.source(), report.guestCount());
        }
    }
}
