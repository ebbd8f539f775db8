package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.config.SystemPaths;

/**
 * systemd/virt-who.service: systemd's own verdict on it where systemd-analyze is installed, and the settings
 * the agent depends on, read from the file everywhere.
 *
 * <p>Without systemd-analyze the verification is skipped, except when CI=true: CI installs systemd, so a
 * missing tool there is a broken build image, not a reason to pass silently. Where the tool is present but
 * cannot work at all (it reports "System has not been booted with systemd" or "Failed to connect" in some
 * containers), the verification is skipped even in CI and the parsed settings below are all that is checked.
 */
class SystemdUnitTest {
    /** The tests run in agent/; the unit lives beside it. */
    private static final Path UNIT = Path.of("..", "systemd", "virt-who.service");
    private static final Path ENVIRONMENT_FILE = Path.of("..", "systemd", "virt-who.sysconfig");
    private static final Path LAUNCHER = Path.of("src", "dist", "bin", "virt-who");
    private static final String UNIT_NAME = "virt-who.service";

    @TempDir
    Path scratch;

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWord() throws Exception {
        Optional<Path> analyze = onPath("systemd-analyze");
        if (analyze.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("systemd-analyze not found on PATH, but CI=true: the CI image must have systemd installed");
            }
            Assumptions.abort("systemd-analyze not installed: virt-who.service not verified by systemd");
        }
        // The same name, so that systemd treats it as virt-who.service. ExecStart must name an existing
        // executable or verify fails; the command itself is what is under test elsewhere.
        Path copy = scratch.resolve(UNIT_NAME);
        String unit = Files.readString(UNIT).replaceFirst("(?m)^ExecStart=.*$", "ExecStart=" + trueCommand());
        Files.writeString(copy, unit);

        // --man=no: Documentation= names this package's man pages, which a build machine has not installed.
        ProcessBuilder builder = new ProcessBuilder(analyze.get().toString(), "verify", "--man=no", copy.toString())
                .redirectErrorStream(true);
        builder.environment().put("SYSTEMD_LOG_LEVEL", "warning");
        builder.environment().put("SYSTEMD_PAGER", "");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();

        if (output.contains("System has not been booted with systemd") || output.contains("Failed to connect")) {
            Assumptions.abort("systemd-analyze cannot run here, only the parsed settings are checked: " + output);
        }
        // verify exits 0 even after "Unknown key" and "Failed to parse" warnings, hence the look at the output.
        // Lines about other units (the container's own) are not this unit's business.
        List<String> aboutThisUnit = output.lines().filter(line -> line.contains(UNIT_NAME)).toList();
        assertThat(aboutThisUnit).as("systemd-analyze verify output:%n%s", output).isEmpty();
        assertThat(process.exitValue()).as("systemd-analyze verify output:%n%s", output).isZero();
    }

    @Test
    void theServiceIsUpstreamsNotifyServiceWithReloadAndRestart() throws IOException {
        Map<String, Map<String, List<String>>> unit = parse(UNIT);

        assertThat(unit.keySet()).containsExactly("Unit", "Service", "Install");
        assertThat(words(unit, "Unit", "After")).contains("libvirtd.service", "network-online.target");
        assertThat(words(unit, "Unit", "Wants")).contains("network-online.target");
        assertThat(single(unit, "Service", "Type")).isEqualTo("notify");
        assertThat(single(unit, "Service", "ExecStart")).isEqualTo("/usr/bin/virt-who");
        assertThat(single(unit, "Service", "ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(single(unit, "Service", "TimeoutStopSec")).isEqualTo("5");
        assertThat(single(unit, "Service", "Restart")).isEqualTo("on-failure");
        assertThat(single(unit, "Service", "RestartSec")).isEqualTo("30");
        assertThat(single(unit, "Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void thePidFileIsTheOneTheAgentWritesAndItsDirectoryIsWritable() throws IOException {
        Map<String, Map<String, List<String>>> unit = parse(UNIT);
        SystemPaths system = new SystemPaths(Path.of("/"));

        assertThat(single(unit, "Service", "PIDFile")).isEqualTo(system.pidFile().toString());
        // A new PID file is a new name in its directory: the directory itself must be writable.
        assertThat(words(unit, "Service", "ReadWritePaths")).contains(system.pidFile().getParent().toString());
        assertThat(Path.of("/var/lib").resolve(single(unit, "Service", "StateDirectory")))
                .isEqualTo(system.stateDirectory());
        assertThat(single(unit, "Service", "StateDirectoryMode")).isEqualTo("0700");
        assertThat(Path.of("/var/log").resolve(single(unit, "Service", "LogsDirectory")))
                .isEqualTo(system.defaultLogDirectory());
    }

    @Test
    void theSandboxIsHardenedExceptWhereTheJvmOrQemuSshNeedsOtherwise() throws IOException {
        Map<String, Map<String, List<String>>> unit = parse(UNIT);

        for (String yes : List.of("NoNewPrivileges", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables",
                "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectClock",
                "ProtectHostname", "RestrictSUIDSGID", "RestrictRealtime", "RestrictNamespaces",
                "LockPersonality")) {
            assertThat(single(unit, "Service", yes)).as(yes).isEqualTo("yes");
        }
        assertThat(single(unit, "Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(single(unit, "Service", "ProtectHome")).isEqualTo("read-only");
        assertThat(single(unit, "Service", "MemoryDenyWriteExecute")).as("the JIT needs W+X memory").isEqualTo("no");
        assertThat(single(unit, "Service", "CapabilityBoundingSet")).isEmpty();
        assertThat(words(unit, "Service", "RestrictAddressFamilies"))
                .containsExactlyInAnyOrder("AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK");
        assertThat(single(unit, "Service", "SystemCallArchitectures")).isEqualTo("native");
        assertThat(unit.get("Service")).as("would hide a live virt-who from the PID file check")
                .doesNotContainKey("ProtectProc");
    }

    @Test
    void theEnvironmentFileSetsOnlyWhatTheLauncherReads() throws IOException {
        Map<String, Map<String, List<String>>> unit = parse(UNIT);
        String launcher = Files.readString(LAUNCHER);

        assertThat(single(unit, "Service", "EnvironmentFile")).isEqualTo("-/etc/sysconfig/virt-who-java");
        List<String> names = Files.readAllLines(ENVIRONMENT_FILE).stream()
                .map(line -> line.replaceFirst("^#", ""))
                .filter(line -> line.matches("[A-Z_]+=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .toList();
        assertThat(names).containsExactlyInAnyOrder("JAVA_HOME", "VIRT_WHO_JAVA_OPTS");
        assertThat(names).allMatch(launcher::contains);
    }

    /**
     * Sections to keys to values, in file order; a key may repeat, as systemd allows. Only what this unit uses:
     * comments, blank lines, "Key=value". A continuation line would be a parse error, which is fine here.
     */
    private static Map<String, Map<String, List<String>>> parse(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            assertThat(current).as("a setting before any section: %s", line).isNotNull();
            assertThat(equals).as("not a Key=value line: %s", line).isPositive();
            assertThat(line).as("continuation lines are not expected").doesNotEndWith("\\");
            current.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return sections;
    }

    private static String single(Map<String, Map<String, List<String>>> unit, String section, String key) {
        List<String> values = unit.getOrDefault(section, Map.of()).get(key);
        assertThat(values).as("[%s] %s", section, key).isNotNull().hasSize(1);
        return values.get(0);
    }

    private static List<String> words(Map<String, Map<String, List<String>>> unit, String section, String key) {
        List<String> values = unit.getOrDefault(section, Map.of()).get(key);
        assertThat(values).as("[%s] %s", section, key).isNotNull();
        return values.stream().flatMap(value -> Stream.of(value.split("\\s+"))).toList();
    }

    private static String trueCommand() {
        return Stream.of("/bin/true", "/usr/bin/true")
                .filter(candidate -> Files.isExecutable(Path.of(candidate)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no true(1) to stand in for /usr/bin/virt-who"));
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/bin"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
