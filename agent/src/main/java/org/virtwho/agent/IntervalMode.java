package org.virtwho.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.BackendFactory;
import org.virtwho.backend.Backends;
import org.virtwho.config.SourceConfig;
import org.virtwho.destination.candlepin.CandlepinDestination;
import org.virtwho.destination.candlepin.CandlepinTarget;
import org.virtwho.destination.candlepin.Patience;
import org.virtwho.destination.candlepin.Sleeper;
import org.virtwho.destination.candlepin.TargetResolver;
import org.virtwho.http.HttpSetupException;

/**
 * The default mode: every section is collected at its interval by a Quartz job of its own, and at once
 * (debounced) when its source reports a change; each destination sends when its content changed, a heartbeat
 * when not. Runs until SIGTERM, or until SIGHUP asks for the configuration to be read again, in which case the
 * destination workers whose destination did not change (and their pending reports) carry over.
 */
final class IntervalMode {
    private static final Duration DEBOUNCE = Duration.ofSeconds(1);
    private static final int MAX_THREADS = 8;

    private final Logger log = LoggerFactory.getLogger(IntervalMode.class);
    private final Backends backends;
    private final BackendContext context;
    private final TargetResolver targets;
    private final String reporterId;
    private final int interval;
    private final RunStateFile state;
    private final SystemdNotifier notifier;
    /** Carried from one configuration to the next across SIGHUP. */
    private final Map<CandlepinTarget, DestinationWorker> workers;

    IntervalMode(Backends backends, BackendContext context, TargetResolver targets, String reporterId, int interval,
                 RunStateFile state, SystemdNotifier notifier, Map<CandlepinTarget, DestinationWorker> workers) {
        this.backends = backends;
        this.context = context;
        this.targets = targets;
        this.reporterId = reporterId;
        this.interval = interval;
        this.state = state;
        this.notifier = notifier;
        this.workers = workers;
    }

    Lifecycle.Event run(List<SourceConfig> sources, Lifecycle lifecycle) throws InterruptedException {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "virt-who-timers");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, SectionRun> runs = new LinkedHashMap<>();
        List<Backend.Watch> watches = new ArrayList<>();
        Scheduler scheduler = null;
        Lifecycle.Event event = Lifecycle.Event.STOP;
        try {
            // Backends first: a section that cannot start must not be waited for by its destination.
            Map<CandlepinTarget, Set<String>> sectionsByTarget = new LinkedHashMap<>();
            Map<SourceConfig, CandlepinTarget> targetOf = new LinkedHashMap<>();
            Map<SourceConfig, Backend> started = new HashMap<>();
            for (SourceConfig source : sources) {
                Optional<CandlepinTarget> target = target(source);
                Backend backend = target.isEmpty() ? null : backend(source);
                if (backend != null) {
                    started.put(source, backend);
                    targetOf.put(source, target.get());
                    sectionsByTarget.computeIfAbsent(target.get(), key -> new LinkedHashSet<>()).add(source.name());
                }
            }
            keepWorkers(sectionsByTarget);
            for (Map.Entry<SourceConfig, CandlepinTarget> entry : targetOf.entrySet()) {
                SourceConfig source = entry.getKey();
                DestinationWorker worker = workers.get(entry.getValue());
                if (worker == null) {
                    // Its destination could not be set up (logged): the source has nowhere to report.
                    started.get(source).close();
                } else {
                    runs.put(source.name(), new SectionRun(source, started.get(source), worker, state));
                }
            }
            if (runs.isEmpty()) {
                log.error("virt-who can't be started: no section could be started");
                return Lifecycle.Event.STOP;
            }
            scheduler = scheduler(runs);
            for (Map.Entry<String, SectionRun> run : runs.entrySet()) {
                watch(run.getValue().backend(), scheduler, JobKey.jobKey(run.getKey()), timers, watches);
            }
            scheduler.start();
            notifier.ready();
            notifier.status("Reporting " + runs.size() + " section(s) every " + interval + " s");
            log.info("Reporting {} section(s) every {} s", runs.size(), interval);
            event = lifecycle.await();
            log.info(event == Lifecycle.Event.RELOAD ? "Reloading" : "virt-who is shutting down");
            notifier.status(event == Lifecycle.Event.RELOAD ? "Reloading the configuration" : "Stopping");
            return event;
        } catch (SchedulerException e) {
            log.error("virt-who can't be started: the scheduler failed: {}", e.getMessage());
            return Lifecycle.Event.STOP;
        } finally {
            watches.forEach(Backend.Watch::close);
            timers.shutdownNow();
            if (scheduler != null) {
                try {
                    // On reload let a running cycle finish, so its report is not lost; on stop, be quick.
                    scheduler.shutdown(event == Lifecycle.Event.RELOAD);
                } catch (SchedulerException e) {
                    log.debug("stopping the scheduler: {}", e.getMessage());
                }
            }
            runs.values().forEach(run -> run.backend().close());
            if (event == Lifecycle.Event.STOP) {
                workers.values().forEach(DestinationWorker::close);
                workers.clear();
            }
        }
    }

    /** Where the section reports to; empty (and logged) when it cannot be sent anywhere. */
    private Optional<CandlepinTarget> target(SourceConfig source) {
        if (source.smType() == SourceConfig.SmType.SATELLITE) {
            log.error("[{}]: Satellite 5 (sm_type=satellite) is not supported; the section is not run", source.name());
            return Optional.empty();
        }
        try {
            return Optional.of(targets.resolve(source));
        } catch (IllegalArgumentException e) {
            log.error("[{}]: unusable connection settings for the entitlement server: {}", source.name(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Workers of destinations still configured carry over with their pending reports; the others close. */
    private void keepWorkers(Map<CandlepinTarget, Set<String>> sectionsByTarget) {
        workers.entrySet().removeIf(entry -> {
            if (sectionsByTarget.containsKey(entry.getKey())) {
                entry.getValue().serve(sectionsByTarget.get(entry.getKey()));
                return false;
            }
            entry.getValue().close();
            return true;
        });
        for (Map.Entry<CandlepinTarget, Set<String>> entry : sectionsByTarget.entrySet()) {
            if (workers.containsKey(entry.getKey())) {
                continue;
            }
            try {
                CandlepinDestination destination = new CandlepinDestination(entry.getKey(), reporterId,
                        Patience.DAEMON, Sleeper.REAL);
                workers.put(entry.getKey(), new DestinationWorker(entry.getKey().describe(), destination,
                        entry.getValue(), state));
            } catch (HttpSetupException e) {
                log.error("Unable to reach {} (sections {}): {}", entry.getKey().describe(), entry.getValue(),
                        e.getMessage());
            }
        }
    }

    private Backend backend(SourceConfig source) {
        BackendFactory factory = backends.forType(source.type()).orElse(null);
        if (factory == null) {
            log.error("[{}]: the '{}' source type is not available in this build of virt-who", source.name(),
                    source.type().configName());
            return null;
        }
        try {
            return factory.create(source, context);
        } catch (BackendException e) {
            log.error("[{}]: unable to start the source: {}", source.name(), e.getMessage());
            return null;
        }
    }

    /** A source that can tell of changes wakes its section's job early, a second after the first notice. */
    private void watch(Backend backend, Scheduler scheduler, JobKey job, ScheduledExecutorService timers,
                       List<Backend.Watch> watches) {
        ChangeDebouncer wake = new ChangeDebouncer(DEBOUNCE, () -> {
            try {
                scheduler.triggerJob(job);
            } catch (SchedulerException e) {
                log.debug("[{}]: could not wake the section: {}", job.getName(), e.getMessage());
            }
        }, timers);
        try {
            backend.watch(wake).ifPresent(watches::add);
        } catch (BackendException e) {
            log.warn("[{}]: changes are seen at each interval only: {}", job.getName(), e.getMessage());
        }
    }

    private Scheduler scheduler(Map<String, SectionRun> runs) throws SchedulerException {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "virt-who");
        properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.min(runs.size(), MAX_THREADS)));
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        // Quartz would build a new job object per run; ours hold the section's backend, so hand out those.
        scheduler.setJobFactory((bundle, ignored) -> runs.get(bundle.getJobDetail().getKey().getName()));
        for (String name : runs.keySet()) {
            JobDetail job = JobBuilder.newJob(SectionRun.class).withIdentity(name).storeDurably().build();
            scheduler.scheduleJob(job, TriggerBuilder.newTrigger().withIdentity(name).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInSeconds(interval).repeatForever()
                            // A cycle missed while the previous one ran is skipped, not made up in a burst.
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build());
        }
        return scheduler;
    }
}
