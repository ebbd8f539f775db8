package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtwho.config.GlobalSettings;

/** The agent's decisions and exit codes, run in-process with logging left alone. */
class AgentTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int run(String... args) {
        Logging quiet = new Logging() {
            @Override
            public void start(GlobalSettings global, List<String> sections) {
            }

            @Override
            public void stop() {
            }
        };
        return new Agent(Map.of("VIRT_WHO_ROOT", root.toString()), new PrintStream(stdout, true),
                new PrintStream(stderr, true), quiet).run(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusWithOneShotOrPrintIsAUsageError() {
        assertThat(run("-s", "-o")).isEqualTo(64);
        assertThat(out()).isEqualTo("You may not use the --print or --one-shot options with the --status option.\n");
        stdout.reset();
        // Upstream lets -s -p through by a bug and prints both; refused here.
        assertThat(run("-s", "-p")).isEqualTo(64);
    }

    @Test
    void jsonWithoutStatusIsAUsageError() {
        assertThat(run("-j")).isEqualTo(64);
        assertThat(out()).isEqualTo("The --json option must only be used with the --status option.\n");
    }

    @Test
    void unknownOptionsExitTwoWithUsage() {
        assertThat(run("--libvirt")).isEqualTo(2);
        assertThat(err()).isEqualTo(CommandLine.USAGE + "\nvirt-who: error: unrecognized arguments: --libvirt\n");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("virt-who ");
        stdout.reset();
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith(CommandLine.USAGE).contains("--one-shot");
    }

    @Test
    void noReadableConfigFileExitsOne() {
        assertThat(run("-p", "-c", root.resolve("missing.conf").toString())).isEqualTo(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void noValidSectionExitsOne() throws IOException {
        Path conf = root.resolve("broken.conf");
        Files.writeString(conf, "[esx]\ntype=esx\n");
        assertThat(run("-p", "-c", conf.toString())).isEqualTo(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void printsTheMappingOfAFakeSection() throws IOException {
        Path json = root.resolve("fake.json");
        Files.writeString(json, "{\"hypervisors\": [{\"hypervisorId\": {\"hypervisorId\": \"h-1\"}, \"guestIds\": []}]}");
        Path conf = root.resolve("fake.conf");
        Files.writeString(conf, "[fake]\ntype=fake\nfile=" + json + "\n");
        assertThat(run("-p", "-c", conf.toString())).isZero();
        assertThat(out()).isEqualTo("""
                {
                    "hypervisors": [
                        {
                            "hypervisorId": {
                                "hypervisorId": "h-1"
                            },
                            "guestIds": []
                        }
                    ]
                }
                """);
    }

    @Test
    void printFailsWhenNoSectionCouldBeCollected() throws IOException {
        Path conf = root.resolve("fake.conf");
        Files.writeString(conf, "[fake]\ntype=fake\nfile=" + root.resolve("fake.json") + "\n");
        Files.writeString(root.resolve("fake.json"), "not json");
        assertThat(run("-p", "-c", conf.toString())).isEqualTo(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void oneShotWithNoWayToAuthenticateExitsOne() throws IOException {
        Path json = root.resolve("fake.json");
        Files.writeString(json, "{\"hypervisors\": []}");
        Path conf = root.resolve("fake.conf");
        Files.writeString(conf, "[fake]\ntype=fake\nfile=" + json + "\n");
        // No rhsm_username/rhsm_password and no consumer certificate under the test root.
        assertThat(run("-o", "-c", conf.toString())).isEqualTo(1);
    }

    @Test
    void statusModeFailsForASourceThatCannotBeRead() throws IOException {
        Path conf = root.resolve("fake.conf");
        Files.writeString(conf, "[fake]\ntype=fake\nfile=" + root.resolve("gone.json") + "\n");
        Files.writeString(root.resolve("gone.json"), "{");
        assertThat(run("-s", "-c", conf.toString())).isEqualTo(1);
        assertThat(out()).contains("Configuration Name: fake");
    }
}
