package org.virtwho.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code virt-who -p} as a user runs it: the packaged launcher, real files, output compared as text. */
class PrintModeTest {
    @TempDir
    Path root;
    private Distribution distribution;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
    }

    @Test
    void theBundledExamplePrintsExactlyAsUpstreamWould() throws Exception {
        Distribution.Run run = distribution.virtWho("-p", "-c", "examples/print-fake.conf");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(Distribution.resource("/expected/example-print.json"));
        assertThat(run.stderr()).contains("Hosts-to-guests mapping for config \"example-datacenter\": "
                + "3 hypervisors and 4 guests found");
        assertThat(distribution.defaultLogFile()).content()
                .contains("[INFO] @Agent.java:", "Using configuration \"example-datacenter\" (\"fake\" mode)");
    }

    @Test
    void everySectionIsMergedAndFiltersApply() throws Exception {
        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        Path guests = distribution.write("guests.json", """
                {"hypervisors": [{"guestIds": [{"guestId": "local-1", "state": 1}]}]}""");
        Path conf = distribution.write("etc/virt-who.d/sections.conf", """
                [production]
                type=fake
                file=%s
                filter_hosts=4c4c4544-00[35]*
                exclude_hosts=*-0036-*
                filter_type=wildcards

                [this-host]
                type=fake
                file=%s
                is_hypervisor=false
                """.formatted(example, guests));
        Distribution.Run run = distribution.virtWho("--print");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(Distribution.resource("/expected/merged-filtered-print.json"));
        assertThat(conf).exists();
    }

    @Test
    void aBrokenSectionIsNamedAndTheOthersKeepRunning() throws Exception {
        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        Path conf = distribution.write("sections.conf", """
                [good]
                type=fake
                file=%s

                [vcenter]
                type=esx
                server=vcenter.example.com
                hypervisor_id=mac
                filter_type=glob
                """.formatted(example));
        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(Distribution.resource("/expected/example-print.json"));
        assertThat(run.stderr()).contains(
                conf + " [vcenter] hypervisor_id: Invalid option: \"mac\" for hypervisor_id, use one of: "
                        + "(uuid, hwuuid, hostname)",
                conf + " [vcenter] filter_type: 'filter_type' must be one of: 'regex, wildcards'",
                conf + " [vcenter] username: Required option: \"username\" not set.",
                conf + " [vcenter] owner: Required option: \"owner\" not set.",
                "Dropping invalid configuration \"vcenter\"");
    }

    @Test
    void aSectionThatFailsToCollectIsLeftOut() throws Exception {
        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        Path broken = distribution.write("broken.json", "{\"hypervisors\": [}");
        Path conf = distribution.write("sections.conf", """
                [good]
                type=fake
                file=%s
                [broken]
                type=fake
                file=%s
                """.formatted(example, broken));
        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(Distribution.resource("/expected/example-print.json"));
        assertThat(run.stderr()).contains("[broken]: unable to collect the report: Can't read fake '" + broken);
    }

    @Test
    void nothingToPrintExitsOne() throws Exception {
        Path broken = distribution.write("broken.json", "[]");
        Path conf = distribution.write("sections.conf", "[broken]\ntype=fake\nfile=" + broken + "\n");
        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("ERROR: No hypervisor reports found");
    }

    @Test
    void logPerConfigWritesOneFilePerSection() throws Exception {
        distribution.write("etc/virt-who.conf", "[global]\nlog_per_config=true\n");
        Distribution.Run run = distribution.virtWho("-p", "-c", "examples/print-fake.conf");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path logs = root.resolve("var/log/rhsm");
        assertThat(logs.resolve("virtwho.example-datacenter.log")).content().contains("3 hypervisors and 4 guests");
        assertThat(logs.resolve("virtwho.main.log")).content().contains("Using reporter_id=");
        assertThat(Files.exists(logs.resolve("rhsm.log"))).isFalse();
    }
}
