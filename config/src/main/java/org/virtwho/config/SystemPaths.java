package org.virtwho.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The places on the system virt-who reads and writes by default. All of them hang under one root, "/" in
 * production. Setting the environment variable {@value #ROOT_VARIABLE} moves every one of them below another
 * directory, which is how the tests, the benchmarks and a non-root user run the agent without touching the
 * real {@code /etc}, {@code /var} or {@code /run}. Paths written in configuration files are used as written.
 */
public record SystemPaths(Path root) {
    public static final String ROOT_VARIABLE = "VIRT_WHO_ROOT";

    public static SystemPaths fromEnvironment(Map<String, String> environment) {
        String root = environment.get(ROOT_VARIABLE);
        return new SystemPaths(Path.of(root == null || root.isBlank() ? "/" : root));
    }

    /** {@code /etc/virt-who.conf}: {@code [global]}, {@code [defaults]}, {@code [system_environment]}. */
    public Path generalConfig() {
        return under("etc/virt-who.conf");
    }

    /** {@code /etc/virt-who.d}: one or more source sections per {@code *.conf} file. */
    public Path configDirectory() {
        return under("etc/virt-who.d");
    }

    public Path rhsmConfig() {
        return under("etc/rhsm/rhsm.conf");
    }

    /** The key of {@code encrypted_password} values, written by virt-who-password. */
    public Path keyFile() {
        return under("var/lib/virt-who/key");
    }

    public Path stateDirectory() {
        return under("var/lib/virt-who");
    }

    public Path defaultLogDirectory() {
        return under("var/log/rhsm");
    }

    public Path pidFile() {
        return under("run/virt-who.pid");
    }

    public Path machineIdFile() {
        return under("etc/machine-id");
    }

    /** Maps a built-in absolute default such as {@code /etc/rhsm/ca/} below the root. */
    public Path resolveDefault(String absolutePath) {
        return under(absolutePath.replaceFirst("^/+", ""));
    }

    private Path under(String relative) {
        return root.resolve(relative);
    }
}
