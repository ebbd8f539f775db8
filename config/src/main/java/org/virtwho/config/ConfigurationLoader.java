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
import java.util.stream.Stream;

/**
 * Reads the whole configuration as upstream does: {@code /etc/virt-who.conf} ({@code [global]},
 * {@code [defaults]}, {@code [system_environment]} and any source sections), then either the {@code -c} files or
 * every {@code /etc/virt-who.d/*.conf} in name order, each source section over {@code [defaults]}.
 */
public final class ConfigurationLoader {
    static final String GLOBAL = "global";
    static final String DEFAULTS = "defaults";
    static final String SYSTEM_ENVIRONMENT = "system_environment";
    private static final Set<String> SPECIAL_SECTIONS = Set.of(GLOBAL, DEFAULTS, SYSTEM_ENVIRONMENT,
            IniFile.PARSER_DEFAULTS);
    /** The section used when nothing is configured: this machine's own libvirt, as upstream. */
    public static final String DEFAULT_SECTION = "cmdline";

    private final SystemPaths paths;
    private final Map<String, String> environment;
    private final IniParser parser = new IniParser();

    public ConfigurationLoader(SystemPaths paths, Map<String, String> environment) {
        this.paths = paths;
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param commandLine global options given on the command line, by {@code [global]} key, as text
     * @param configFiles the {@code -c} files; when empty, {@code configs=} of {@code [global]} or the directory
     */
    public Configuration load(Map<String, String> commandLine, List<Path> configFiles) {
        List<Problem> problems = new ArrayList<>();
        IniFile general = readIfPresent(paths.generalConfig(), problems);

        GlobalSectionReader.Result global = new GlobalSectionReader(paths, environment)
                .read(general.file(), values(general, GLOBAL, problems), commandLine);
        problems.addAll(global.problems());
        List<Path> files = configFiles.isEmpty() ? global.settings().configs() : configFiles;
        GlobalSettings settings = withConfigs(global.settings(), files);

        Map<String, String> defaults = values(general, DEFAULTS, problems);
        Map<String, String> systemEnvironment = writtenCase(general, SYSTEM_ENVIRONMENT, problems);

        List<IniFile> sourceFiles = new ArrayList<>();
        if (files.isEmpty()) {
            sourceFiles.add(general);
            sourceFiles.addAll(readDirectory(paths.configDirectory(), problems));
        } else {
            for (Path file : files) {
                sourceFiles.add(read(file, problems).orElse(new IniFile(file, List.of(), List.of())));
            }
        }

        Map<String, PlacedSection> sections = collectSourceSections(sourceFiles, general, problems);
        SourceSectionReader reader = new SourceSectionReader(new PasswordCipher(paths.keyFile()), environment);
        List<SourceConfig> sources = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        if (sections.isEmpty()) {
            if (hasFileWithoutSections(sourceFiles, general)) {
                problems.add(Problem.error(null, null, null,
                        "The configuration files do not have any valid section headers"));
            } else {
                problems.add(Problem.warning(null, null, null,
                        "Using default \"" + DEFAULT_SECTION + "\" configuration"));
                sources.add(reader.read(DEFAULT_SECTION, null, Map.of("type", "libvirt")).config().orElseThrow());
            }
        }
        for (PlacedSection placed : sections.values()) {
            SectionValueResolver.Resolved resolved = SectionValueResolver.resolve(placed.file, placed.section);
            problems.addAll(resolved.problems());
            Map<String, String> merged = new LinkedHashMap<>(defaults);
            merged.putAll(resolved.values());
            SourceSectionReader.Result result = reader.read(placed.section.name(), placed.file.file(), merged);
            problems.addAll(result.problems());
            if (result.config().isPresent() && !resolved.hasError() && !placed.section.broken()) {
                sources.add(result.config().get());
            } else {
                dropped.add(placed.section.name());
            }
        }
        RhsmConfigReader.Result rhsm = new RhsmConfigReader(paths).read();
        problems.addAll(rhsm.problems());
        return new Configuration(settings, sources, dropped, systemEnvironment, rhsm.settings(), problems);
    }

    private record PlacedSection(IniFile file, IniFile.Section section) {
    }

    /** Source sections by name; a later file's section of the same name replaces the earlier one, with a warning. */
    private static Map<String, PlacedSection> collectSourceSections(List<IniFile> files, IniFile general,
                                                                    List<Problem> problems) {
        Map<String, PlacedSection> sections = new LinkedHashMap<>();
        for (IniFile file : files) {
            for (IniFile.Section section : file.sections()) {
                if (SPECIAL_SECTIONS.contains(section.name())) {
                    if (file != general && !section.name().equals(IniFile.PARSER_DEFAULTS)) {
                        problems.add(Problem.warning(file.file(), section.name(), null, "section ["
                                + section.name() + "] is only read from " + general.file() + "; ignored here"));
                    }
                    continue;
                }
                if (section.name().isBlank()) {
                    continue;
                }
                PlacedSection earlier = sections.remove(section.name());
                if (earlier != null) {
                    problems.add(Problem.warning(file.file(), section.name(), null, "replaces section ["
                            + section.name() + "] of " + earlier.file.file()));
                }
                sections.put(section.name(), new PlacedSection(file, section));
            }
        }
        return sections;
    }

    /** A drop-in file with text but no section means a mistake, not "use the default". */
    private static boolean hasFileWithoutSections(List<IniFile> files, IniFile general) {
        return files.stream().anyMatch(file -> file != general && !file.problems().isEmpty()
                && file.sections().isEmpty());
    }

    private static GlobalSettings withConfigs(GlobalSettings global, List<Path> configs) {
        return new GlobalSettings(global.debug(), global.oneShot(), global.status(), global.json(), global.print(),
                global.logPerConfig(), configs, global.reporterId(), global.interval(), global.logFile(),
                global.logDirectory());
    }

    private Map<String, String> values(IniFile file, String sectionName, List<Problem> problems) {
        IniFile.Section section = file.section(sectionName);
        if (section == null) {
            return Map.of();
        }
        SectionValueResolver.Resolved resolved = SectionValueResolver.resolve(file, section);
        problems.addAll(resolved.problems());
        return resolved.values();
    }

    /** A section's values like {@link #values}, but by key as written, for environment variable names. */
    private Map<String, String> writtenCase(IniFile file, String sectionName, List<Problem> problems) {
        Map<String, String> values = values(file, sectionName, problems);
        Map<String, String> variables = new LinkedHashMap<>();
        IniFile.Section section = file.section(sectionName);
        if (section != null) {
            section.entries().values().stream().filter(entry -> values.containsKey(entry.key()))
                    .forEach(entry -> variables.put(entry.writtenKey(), values.get(entry.key())));
        }
        return variables;
    }

    private List<IniFile> readDirectory(Path directory, List<Problem> problems) {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            problems.add(Problem.warning(directory, null, null,
                    "Configuration directory '" + directory + "' doesn't exist or is not accessible"));
            return List.of();
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(directory)) {
            entries = listing.filter(path -> !path.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            problems.add(Problem.warning(directory, null, null,
                    "Configuration directory '" + directory + "' doesn't exist or is not accessible"));
            return List.of();
        }
        List<Path> confFiles = entries.stream().filter(path -> path.toString().endsWith(".conf")).toList();
        if (entries.isEmpty()) {
            problems.add(Problem.warning(directory, null, null, "Configuration directory '" + directory + "' appears empty"));
        } else if (confFiles.isEmpty()) {
            problems.add(Problem.warning(directory, null, null, "Configuration directory '" + directory
                    + "' does not have any '*.conf' files but is not empty"));
        } else if (confFiles.size() < entries.size()) {
            problems.add(Problem.debug(directory, null, null, "There are files in '" + directory
                    + "' not ending in '*.conf' is this intentional?"));
        }
        List<IniFile> files = new ArrayList<>();
        for (Path file : confFiles) {
            read(file, problems).ifPresent(files::add);
        }
        return files;
    }

    private IniFile readIfPresent(Path file, List<Problem> problems) {
        if (!Files.exists(file)) {
            return new IniFile(file, List.of(), List.of());
        }
        return read(file, problems).orElse(new IniFile(file, List.of(), List.of()));
    }

    private Optional<IniFile> read(Path file, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.error(file, null, null, "Unable to read configuration file " + file));
            return Optional.empty();
        }
        IniFile ini = parser.parse(file, text);
        problems.addAll(ini.problems());
        return Optional.of(ini);
    }
}
