package org.virtwho.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code [global]} values (command line already laid over them) to {@link GlobalSettings}. */
final class GlobalSectionReader {
    private static final Set<String> KEYS = Set.of("debug", "oneshot", "status", "json", "print", "print_",
            "log_per_config", "configs", "reporter_id", "interval", "log_file", "log_dir");

    private final SystemPaths paths;
    private final Map<String, String> environment;

    GlobalSectionReader(SystemPaths paths, Map<String, String> environment) {
        this.paths = paths;
        this.environment = environment;
    }

    record Result(GlobalSettings settings, List<Problem> problems) {
    }

    /**
     * @param file        the general configuration file, where {@code fileValues} come from
     * @param commandLine options given on the command line, which win over the file's
     */
    Result read(Path file, Map<String, String> fileValues, Map<String, String> commandLine) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(fileValues);
        values.putAll(commandLine);
        Values section = new Values(file, values, commandLine.keySet(), problems);
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                section.warn(key, "Ignoring unknown configuration option \"" + key + "\"");
            }
        }
        boolean print = section.bool("print") || section.bool("print_");
        int floor = intervalFloor();
        GlobalSettings settings = new GlobalSettings(
                section.bool("debug"),
                section.bool("oneshot") || print,
                section.bool("status"),
                section.bool("json"),
                print,
                section.bool("log_per_config"),
                section.configs(),
                section.nonEmpty("reporter_id").orElseGet(this::defaultReporterId),
                section.interval(floor),
                section.nonEmpty("log_file").orElse(GlobalSettings.DEFAULT_LOG_FILE),
                section.nonEmpty("log_dir").map(Path::of).orElse(paths.defaultLogDirectory()));
        return new Result(settings, problems);
    }

    /**
     * The shortest interval allowed: 60 s for users. The end-to-end tests of interval mode lower it with
     * {@value #TEST_INTERVAL_FLOOR} so that a test takes seconds, not minutes; it is not a user setting.
     */
    private int intervalFloor() {
        try {
            return Math.max(1, Integer.parseInt(environment.getOrDefault(TEST_INTERVAL_FLOOR, "")));
        } catch (NumberFormatException e) {
            return GlobalSettings.MINIMUM_INTERVAL;
        }
    }

    static final String TEST_INTERVAL_FLOOR = "VIRT_WHO_TEST_INTERVAL_FLOOR";

    /** {@code <hostname>-<machine id>}, or the host name alone on a machine without an id, as upstream. */
    private String defaultReporterId() {
        String hostname = firstLine(Path.of("/proc/sys/kernel/hostname"))
                .or(() -> Optional.ofNullable(environment.get("HOSTNAME")))
                .orElse("localhost");
        return firstLine(paths.machineIdFile()).map(id -> hostname + "-" + id).orElse(hostname);
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst()
                    .map(String::strip).filter(line -> !line.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static final class Values {
        private final Path file;
        private final Map<String, String> values;
        private final Set<String> fromCommandLine;
        private final List<Problem> problems;

        Values(Path file, Map<String, String> values, Set<String> fromCommandLine, List<Problem> problems) {
            this.file = file;
            this.values = values;
            this.fromCommandLine = fromCommandLine;
            this.problems = problems;
        }

        boolean bool(String key) {
            String value = values.get(key);
            if (value == null) {
                return false;
            }
            Optional<Boolean> parsed = ValueSyntax.parseBoolean(value);
            if (parsed.isEmpty()) {
                warn(key, key + " must be a valid boolean, using default: False. See man virt-who-config for more info");
            }
            return parsed.orElse(false);
        }

        int interval(int floor) {
            String value = values.get("interval");
            if (value == null) {
                return GlobalSettings.DEFAULT_INTERVAL;
            }
            int seconds;
            try {
                seconds = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                seconds = 0;
            }
            if (seconds < floor) {
                warn("interval", "Interval value can't be lower than " + GlobalSettings.MINIMUM_INTERVAL
                        + " seconds. Default value of " + GlobalSettings.DEFAULT_INTERVAL + " seconds will be used.");
                return GlobalSettings.DEFAULT_INTERVAL;
            }
            return seconds;
        }

        List<Path> configs() {
            String value = values.get("configs");
            if (value == null) {
                return List.of();
            }
            try {
                return ValueSyntax.parseList(value).stream().map(Path::of).toList();
            } catch (IllegalArgumentException e) {
                warn("configs", e.getMessage() + "; ignoring the option");
                return List.of();
            }
        }

        Optional<String> nonEmpty(String key) {
            String value = values.get(key);
            if (value != null && value.isEmpty()) {
                warn(key, "\"" + key + "\" cannot be empty, using the default");
                return Optional.empty();
            }
            return Optional.ofNullable(value);
        }

        /** A command-line value is blamed on the option, not on a file that may not even exist. */
        void warn(String key, String message) {
            problems.add(fromCommandLine.contains(key)
                    ? Problem.warning(null, null, "command line option " + key, message)
                    : Problem.warning(file, "global", key, message));
        }
    }
}
