package org.virtwho.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's exit codes and messages, as scripts around virt-who see them. */
class CommandLineTest {
    @TempDir
    Path root;
    private Distribution distribution;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
    }

    @Test
    void version() throws Exception {
        Distribution.Run run = distribution.virtWho("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).matches("virt-who \\d+\\.\\d+\\.\\d+.*\n");
    }

    @Test
    void contradictoryOptionsExit64() throws Exception {
        assertThat(distribution.virtWho("-s", "-o").exitCode()).isEqualTo(64);
        assertThat(distribution.virtWho("-s", "-p").exitCode()).isEqualTo(64);
        assertThat(distribution.virtWho("-j").exitCode()).isEqualTo(64);
    }

    @Test
    void unknownOptionsExit2() throws Exception {
        Distribution.Run run = distribution.virtWho("--esx");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).endsWith("virt-who: error: unrecognized arguments: --esx\n");
    }

    @Test
    void noReadableConfigurationFileExits1() throws Exception {
        Distribution.Run run = distribution.virtWho("-p", "-c", root.resolve("absent.conf").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("No valid configuration file provided using -c/--config");
    }

    @Test
    void noValidSectionExits1() throws Exception {
        Path conf = distribution.write("only-broken.conf", "[x]\ntype=xen\n");
        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains(conf + " [x] type: Unsupported virtual type 'xen' is set",
                "virt-who can't be started: no valid configuration found");
    }

    @Test
    void theJsonGoesToStdoutAndNothingElseDoes() throws Exception {
        Distribution.Run run = distribution.virtWho("-d", "-p", "-c", "examples/print-fake.conf");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("{\n").endsWith("}\n");
        assertThat(run.stderr()).contains("virt-who(", "@Agent.java:runConfigured:");
    }
}
