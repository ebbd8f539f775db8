package org.virtwho.agent;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.Backends;
import org.virtwho.config.Configuration;
import org.virtwho.config.ConfigurationLoader;
import org.virtwho.config.GlobalSettings;
import org.virtwho.config.Problem;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SystemPaths;
import org.virtwho.destination.candlepin.CandlepinTarget;
import org.virtwho.destination.candlepin.Patience;
import org.virtwho.destination.candlepin.Sleeper;
import org.virtwho.destination.candlepin.TargetResolver;

/**
 * The program: reads the command line and the configuration, starts logging, and runs the chosen mode.
 * Everything it needs from the process (environment, streams, logging) comes in through the constructor.
 */
final class Agent {
    private final Map<String, String> environment;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Logging logging;
    private Lifecycle lifecycle;

    Agent(Map<String, String> environment, PrintStream stdout, PrintStream stderr, Logging logging) {
        this.environment = environment;
        this.stdout = stdout;
        this.stderr = stderr;
        this.logging = logging;
    }

    int run(String... args) {
        CommandLine.Options options;
        try {
            options = CommandLine.parse(args);
        } catch (CommandLine.BadArgumentsException e) {
            stderr.println(CommandLine.USAGE);
            stderr.println("virt-who: error: " + e.getMessage());
            return ExitCode.BAD_ARGUMENTS;
        }
        if (options.help()) {
            stdout.print(CommandLine.HELP);
            return ExitCode.OK;
        }
        if (options.version()) {
            stdout.println("virt-who " + Version.current());
            return ExitCode.OK;
        }
        // Upstream means to refuse -s with -p as well, but its check looks for the wrong name and lets it by.
        if (options.status() && (options.oneShot() || options.print())) {
            stdout.println("You may not use the --print or --one-shot options with the --status option.");
            return ExitCode.USAGE;
        }
        if (options.json() && !options.status()) {
            stdout.println("The --json option must only be used with the --status option.");
            return ExitCode.USAGE;
        }

        SystemPaths paths = SystemPaths.fromEnvironment(environment);
        ConfigurationLoader loader = new ConfigurationLoader(paths, environment);
        Configuration configuration = loader.load(options.globalOverrides(), options.configs());
        GlobalSettings global = configuration.global();
        logging.start(global, configuration.sources().stream().map(SourceConfig::name).toList());
        try {
            return runConfigured(configuration, paths, loader, options);
        } finally {
            logging.stop();
        }
    }

    /** True when SIGTERM ended the run: the JVM is already exiting and must not be asked to again. */
    boolean terminated() {
        return lifecycle != null && lifecycle.terminating();
    }

    private int interval(Configuration first, SystemPaths paths, ConfigurationLoader loader,
                         CommandLine.Options commandLine) {
        Logger log = LoggerFactory.getLogger("virtwho.main");
        PidLock lock;
        try {
            lock = PidLock.acquire(paths.pidFile());
        } catch (PidLock.AlreadyRunningException e) {
            stderr.println(e.getMessage());
            log.error("{}", e.getMessage());
            return ExitCode.FAILURE;
        }
        try (lock) {
            lifecycle = new Lifecycle();
            lifecycle.install();
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(environment);
            RunStateFile state = RunStateFile.at(paths, java.time.Clock.systemUTC());
            Map<CandlepinTarget, DestinationWorker> workers = new LinkedHashMap<>();
            Configuration configuration = first;
            while (true) {
                GlobalSettings global = configuration.global();
                BackendContext context = BackendContext.of(environment, configuration.systemEnvironment());
                Lifecycle.Event event = new IntervalMode(Backends.discover(), context, targets(configuration, context),
                        global.reporterId(), global.interval(), state, notifier, workers)
                        .run(configuration.sources(), lifecycle);
                if (event == Lifecycle.Event.STOP) {
                    notifier.stopping();
                    return ExitCode.OK;
                }
                notifier.reloading();
                Configuration reread = loader.load(commandLine.globalOverrides(), commandLine.configs());
                logProblems(reread);
                if (reread.sources().isEmpty()) {
                    log.error("The configuration read again has no valid section; keeping the previous one");
                } else {
                    configuration = reread;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE;
        }
    }

    private int runConfigured(Configuration configuration, SystemPaths paths, ConfigurationLoader loader,
                              CommandLine.Options commandLine) {
        Logger log = LoggerFactory.getLogger("virtwho.main");
        logProblems(configuration);
        GlobalSettings global = configuration.global();

        if (!global.configs().isEmpty() && global.configs().stream().noneMatch(Files::isRegularFile)) {
            log.error("virt-who can't be started: No valid configuration file provided using -c/--config");
            return ExitCode.FAILURE;
        }
        if (configuration.sources().isEmpty()) {
            log.error("virt-who can't be started: no valid configuration found");
            return ExitCode.FAILURE;
        }
        for (SourceConfig source : configuration.sources()) {
            log.info("Using configuration \"{}\" (\"{}\" mode)", source.name(), source.type().configName());
        }
        log.info("Using reporter_id='{}'", global.reporterId());

        BackendContext context = BackendContext.of(environment, configuration.systemEnvironment());
        if (global.status()) {
            java.time.Clock clock = java.time.Clock.systemUTC();
            return new StatusMode(Backends.discover(), context, targets(configuration, context),
                    RunStateFile.at(paths, clock), global.json(), stdout, clock).run(configuration.sources());
        }
        SectionCollector collector = new SectionCollector(Backends.discover(), context);
        if (global.print()) {
            return new PrintMode(collector, stdout).run(configuration.sources());
        }
        if (global.oneShot()) {
            try {
                return new OneShotMode(collector, targets(configuration, context), global.reporterId(),
                        Patience.ONE_SHOT, Sleeper.REAL)
                        .run(configuration.sources());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILURE;
            }
        }
        return interval(configuration, paths, loader, commandLine);
    }

    /** Where each section reports: rhsm.conf, the sections' rhsm_* keys and the proxy variables. */
    private static TargetResolver targets(Configuration configuration, BackendContext context) {
        return new TargetResolver(configuration.rhsm(), context.environment(), userAgent());
    }

    /** python-rhsm's form, with this agent's name and version. */
    private static String userAgent() {
        return "RHSM/1.0 (cmd=virt-who) virt-who/" + Version.current();
    }

    private static void logProblems(Configuration configuration) {
        Logger log = LoggerFactory.getLogger("virtwho.config");
        for (Problem problem : configuration.problems()) {
            switch (problem.severity()) {
                case ERROR -> log.error("{}", problem);
                case WARNING -> log.warn("{}", problem);
                case INFO -> log.info("{}", problem);
                case DEBUG -> log.debug("{}", problem);
            }
        }
        for (String section : configuration.droppedSections()) {
            log.error("Dropping invalid configuration \"{}\": see the errors above; the other sections keep running",
                    section);
        }
    }
}
