package org.virtwho.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A throw-away system root (usually a {@code @TempDir}) holding the files virt-who reads: the tests write
 * {@code etc/virt-who.conf}, {@code etc/virt-who.d/*.conf}, the key file and so on below it, then load them as
 * the agent would. Nothing outside the root is read, except {@code /proc/sys/kernel/hostname} for the default
 * reporter id.
 */
final class ConfigTree {
    /** A key file written by upstream's virt-who-password, with the value it encrypts "password" to. */
    static final String KEY = "06a9214036b8a15b512e03d534120006";
    static final String IV = "3dafba429d9eb430b422da802c9fac41";
    static final String ENCRYPTED_PASSWORD = "274ea8fca4b157dce80a7002826601ef";
    static final String DECRYPTED_PASSWORD = "password";

    /** The home directory the loader is told about, for {@code ~/.kube/config}. */
    static final String HOME = "/home/tester";

    final Path root;
    final SystemPaths paths;
    private Map<String, String> environment = Map.of("HOME", HOME);

    ConfigTree(Path root) {
        this.root = root;
        this.paths = new SystemPaths(root);
    }

    ConfigTree environment(Map<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /** Writes {@code /etc/virt-who.conf}. */
    Path generalConfig(String text) {
        return write(paths.generalConfig(), text);
    }

    /** Writes {@code /etc/virt-who.d/<fileName>}. */
    Path dropIn(String fileName, String text) {
        return write(paths.configDirectory().resolve(fileName), text);
    }

    /** Writes any file below the root, e.g. a {@code -c} file or {@code etc/rhsm/rhsm.conf}. */
    Path file(String relativePath, String text) {
        return write(root.resolve(relativePath), text);
    }

    /** Writes the key file of {@code encrypted_password} values, as virt-who-password would. */
    Path keyFile() {
        return write(paths.keyFile(), KEY + "\n" + IV + "\n");
    }

    Configuration load() {
        return load(Map.of());
    }

    Configuration load(Map<String, String> commandLine, Path... configFiles) {
        return new ConfigurationLoader(paths, environment).load(commandLine, Arrays.asList(configFiles));
    }

    /** Every problem reported about one section, in the order found. */
    static List<Problem> problemsOf(Configuration configuration, String section) {
        return configuration.problems().stream().filter(problem -> section.equals(problem.section())).toList();
    }

    static Optional<SourceConfig> source(Configuration configuration, String name) {
        return configuration.sources().stream().filter(source -> source.name().equals(name)).findFirst();
    }

    static List<String> sourceNames(Configuration configuration) {
        return configuration.sources().stream().map(SourceConfig::name).toList();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
