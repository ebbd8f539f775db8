package org.virtwho.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code /etc/rhsm/rhsm.conf}, the file subscription-manager shares with virt-who. */
public final class RhsmConfigReader {
    private final SystemPaths paths;

    public RhsmConfigReader(SystemPaths paths) {
        this.paths = paths;
    }

    public record Result(RhsmSettings settings, List<Problem> problems) {
    }

    /** A missing file gives the built-in defaults, as upstream; a broken value gives its default and a warning. */
    public Result read() {
        Path file = paths.rhsmConfig();
        List<Problem> problems = new ArrayList<>();
        IniFile ini;
        try {
            ini = new IniParser().parse(file, Files.readString(file, StandardCharsets.UTF_8));
            problems.addAll(ini.problems());
        } catch (NoSuchFileException e) {
            ini = new IniFile(file, List.of(), List.of());
        } catch (IOException e) {
            problems.add(Problem.warning(file, null, null, "Unable to read " + file + ": " + e.getMessage()
                    + "; using the built-in defaults"));
            ini = new IniFile(file, List.of(), List.of());
        }
        SectionValues server = new SectionValues(ini, "server", problems);
        SectionValues rhsm = new SectionValues(ini, "rhsm", problems);
        RhsmSettings settings = new RhsmSettings(
                server.string("hostname").orElse(RhsmSettings.DEFAULT_HOSTNAME),
                server.number("port").orElse(RhsmSettings.DEFAULT_PORT),
                server.string("prefix").orElse(RhsmSettings.DEFAULT_PREFIX),
                server.string("proxy_hostname"),
                server.number("proxy_port"),
                server.string("proxy_user"),
                server.string("proxy_password").map(Secret::of),
                server.string("no_proxy"),
                server.bool("insecure").orElse(false),
                server.number("server_timeout").orElse(RhsmSettings.DEFAULT_SERVER_TIMEOUT),
                rhsm.string("ca_cert_dir").map(Path::of).orElse(paths.resolveDefault("/etc/rhsm/ca/")),
                rhsm.string("consumercertdir").map(Path::of).orElse(paths.resolveDefault("/etc/pki/consumer")));
        return new Result(settings, problems);
    }

    /** One section's values; empty values count as unset, as rhsm.conf leaves most keys empty. */
    private static final class SectionValues {
        private final Path file;
        private final String name;
        private final Map<String, String> values;
        private final List<Problem> problems;

        SectionValues(IniFile ini, String name, List<Problem> problems) {
            this.file = ini.file();
            this.name = name;
            this.problems = problems;
            SectionValueResolver.Resolved resolved = SectionValueResolver.resolve(ini, ini.section(name));
            this.values = resolved.values();
            problems.addAll(resolved.problems());
        }

        Optional<String> string(String key) {
            String value = values.get(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        Optional<Integer> number(String key) {
            return string(key).flatMap(value -> {
                try {
                    return Optional.of(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    problems.add(Problem.warning(file, name, key, "'" + value + "' is not a number; using the default"));
                    return Optional.empty();
                }
            });
        }

        Optional<Boolean> bool(String key) {
            return string(key).flatMap(value -> {
                Optional<Boolean> parsed = ValueSyntax.parseBoolean(value);
                if (parsed.isEmpty()) {
                    problems.add(Problem.warning(file, name, key, "'" + value + "' is not 0 or 1; using 0"));
                }
                return parsed;
            });
        }
    }
}
