package org.virtwho.agent.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtwho.config.PasswordCipher;
import org.virtwho.config.SystemPaths;

class PasswordToolTest {
    private static final String PASSWORD = "s3cr\u00e9t-p4ss";
    private static final String ADVICE =
            "Use following as value for encrypted_password key in the configuration file:\n";

    @TempDir
    Path root;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    static Stream<List<String>> optionForms() {
        return Stream.of(List.of("-p", PASSWORD), List.of("--password", PASSWORD), List.of("--password=" + PASSWORD),
                List.of("-p" + PASSWORD));
    }

    @ParameterizedTest
    @MethodSource("optionForms")
    void encryptsThePasswordGivenAsAnOption(List<String> args) throws Exception {
        assertThat(run("", args.toArray(String[]::new))).isEqualTo(0);

        assertThat(stderr()).isEqualTo(ADVICE);
        assertThat(stdout()).matches("([0-9a-f]{32})+\n");
        assertThat(decrypt(stdout().strip())).isEqualTo(PASSWORD);
    }

    @Test
    void readsOneLineFromStandardInputWithoutATerminal() throws Exception {
        assertThat(run(PASSWORD + "\nnot part of it\n")).isEqualTo(0);

        assertThat(stderr()).isEqualTo(ADVICE);
        assertThat(decrypt(stdout().strip())).isEqualTo(PASSWORD);
    }

    @Test
    void emptyStandardInputIsAnError() {
        assertThat(run("")).isEqualTo(1);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("no password given");
        assertThat(paths().keyFile()).doesNotExist();
    }

    @Test
    void createsAPrivateKeyFileOnFirstUse() throws Exception {
        Path keyFile = paths().keyFile();

        assertThat(run("", "-p", PASSWORD)).isEqualTo(0);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(keyFile)).matches("[0-9a-f]{32}\n[0-9a-f]{32}\n");
    }

    @Test
    void reusesTheKeyFileOnLaterRuns() throws Exception {
        assertThat(run("", "-p", PASSWORD)).isEqualTo(0);
        String first = stdout();
        String key = Files.readString(paths().keyFile());
        stdout.reset();

        assertThat(run("", "-p", PASSWORD)).isEqualTo(0);

        assertThat(stdout()).isEqualTo(first);
        assertThat(Files.readString(paths().keyFile())).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void helpGoesToStandardOutput(String option) {
        assertThat(run("", option)).isEqualTo(0);

        assertThat(stdout()).startsWith("Usage: virt-who-password [-h|--help] [-p|--password PASSWORD]\n")
                .contains(paths().keyFile().toString());
        assertThat(stderr()).isEmpty();
        assertThat(paths().keyFile()).doesNotExist();
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("", "--frobnicate")).isEqualTo(2);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("no such option: --frobnicate").contains("Usage: virt-who-password");
    }

    @Test
    void missingOptionValueIsAUsageError() {
        assertThat(run("", "-p")).isEqualTo(2);

        assertThat(stderr()).contains("-p requires an argument");
    }

    @ParameterizedTest
    @ValueSource(strings = {PASSWORD, "--pasword=" + PASSWORD, "-x" + PASSWORD})
    void usageErrorsNeverQuoteWhatMightBeThePassword(String arg) {
        assertThat(run("", arg)).isEqualTo(2);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void unusableKeyFileIsReportedWithItsPath() throws Exception {
        Path keyFile = paths().keyFile();
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, "not a key\n");

        assertThat(run("", "-p", PASSWORD)).isEqualTo(1);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isEqualTo("Unable to read key file " + keyFile
                + ": malformed: expected two lines of 32 hex digits\n");
    }

    @Test
    void thePlaintextNeverAppearsInTheOutput() {
        assertThat(run(PASSWORD + "\n")).isEqualTo(0);
        assertThat(run("", "-p", PASSWORD)).isEqualTo(0);
        assertThat(run("", "--password=" + PASSWORD)).isEqualTo(0);

        assertThat(stdout()).doesNotContain(PASSWORD);
        assertThat(stderr()).doesNotContain(PASSWORD);
    }

    private int run(String stdin, String... args) {
        PasswordTool tool = new PasswordTool(paths(), null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return tool.run(args);
    }

    private SystemPaths paths() {
        return new SystemPaths(root);
    }

    private String decrypt(String ciphertext) throws Exception {
        return new PasswordCipher(paths().keyFile()).decrypt(ciphertext).reveal();
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
