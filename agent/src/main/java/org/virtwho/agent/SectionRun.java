package org.virtwho.agent;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.ReportShaper;
import org.virtwho.config.SourceConfig;
import org.virtwho.model.Report;

/**
 * One interval-mode cycle of one section, run by Quartz at every interval and whenever the source says its
 * inventory changed. Never two at once for the same section; a cycle missed while one ran is not made up
 * twice. The backend lives as long as the section, so connections and sessions are reused.
 */
@DisallowConcurrentExecution
final class SectionRun implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(SectionRun.class);

    private final SourceConfig source;
    private final Backend backend;
    private final ReportShaper shaper;
    private final DestinationWorker destination;
    private final RunStateFile state;
    private String lastFailure;

    SectionRun(SourceConfig source, Backend backend, DestinationWorker destination, RunStateFile state) {
        this.source = source;
        this.backend = backend;
        this.shaper = new ReportShaper(source);
        this.destination = destination;
        this.state = state;
    }

    @Override
    public void execute(JobExecutionContext context) {
        MDC.put(Log4jLogging.SECTION_KEY, source.name());
        try {
            Report report = collect();
            if (report == null) {
                destination.failed(source.name());
            } else {
                destination.offer(source.name(), report);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("[{}]: the cycle failed unexpectedly", source.name(), e);
        } finally {
            MDC.remove(Log4jLogging.SECTION_KEY);
        }
    }

    /** @return the report, or null when the source failed (logged once per distinct failure) */
    private Report collect() {
        try {
            Report report = shaper.shape(backend.collect());
            if (lastFailure != null) {
                LOG.info("[{}]: the source answers again", source.name());
                lastFailure = null;
            }
            SectionCollector.logCollected(report);
            int hypervisors = report instanceof Report.HostGuestMapping mapping ? mapping.hypervisors().size() : 1;
            state.recordRetrieve(source.name(), hypervisors, report.guestCount());
            return report;
        } catch (BackendException e) {
            if (!e.getMessage().equals(lastFailure)) {
                LOG.error("[{}]: unable to collect the report: {}; trying again at the next interval", source.name(),
                        e.getMessage());
                lastFailure = e.getMessage();
            } else {
                LOG.debug("[{}]: still unable to collect the report: {}", source.name(), e.getMessage());
            }
            return null;
        }
    }

    Backend backend() {
        return backend;
    }
}
