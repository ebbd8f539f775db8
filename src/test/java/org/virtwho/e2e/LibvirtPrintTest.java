package org.virtwho.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged agent reading libvirt's test driver through the real library, as a user would run it. */
class LibvirtPrintTest {
    @TempDir
    Path root;
    private Distribution distribution;

    @BeforeEach
    void setUp() {
        distribution = new Distribution(root);
        Distribution.require(Distribution.onPath("virsh"), "libvirt (libvirt0 and libvirt-clients)");
    }

    @Test
    void aRemoteSectionPrintsOneHypervisorAsUpstreamWould() throws Exception {
        Path conf = distribution.write("etc/virt-who.d/kvm.conf", """
                [kvm]
                type=libvirt
                server=test:///default
                owner=ACME
                """);
        Distribution.Run run = distribution.virtWho("-p");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // The test driver reports this machine's own host name.
        assertThat(run.stdout().replaceFirst("\"name\": \"[^\"]*\",", "\"name\": \"HOSTNAME\","))
                .isEqualTo(Distribution.resource("/expected/libvirt-test-default.json"));
        assertThat(run.stderr()).contains("Using configuration \"kvm\" (\"libvirt\" mode)");
        assertThat(conf).exists();
    }

    @Test
    void withNoConfigurationAtAllTheLocalHypervisorsGuestsArePrinted() throws Exception {
        Distribution.Run run = distribution.run("virt-who", Map.of("LIBVIRT_DEFAULT_URI", "test:///default"), "-p");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("Using default \"cmdline\" configuration");
        assertThat(run.stdout()).isEqualTo("""
                {
                    "hypervisors": [
                        {
                            "guestIds": [
                                {
                                    "guestId": "6695eb01-f6a4-8304-79aa-97f2502e193f",
                                    "state": 1,
                                    "attributes": {
                                        "virtWhoType": "libvirt",
                                        "active": 1
                                    }
                                }
                            ]
                        }
                    ]
                }
                """);
    }

    @Test
    void libvirtDefaultUriMayComeFromSystemEnvironmentWrittenInUpperCase() throws Exception {
        distribution.write("etc/virt-who.conf", "[system_environment]\nLIBVIRT_DEFAULT_URI=test:///default\n");
        Distribution.Run run = distribution.run("virt-who", Map.of("LIBVIRT_DEFAULT_URI", "test:///nowhere"), "-p");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("\"guestId\": \"6695eb01-f6a4-8304-79aa-97f2502e193f\"");
    }

    @Test
    void anUnreachableDaemonIsLoggedAndTheOtherSectionsArePrinted() throws Exception {
        Path example = distribution.repository.resolve("examples/fake-datacenter.json");
        Path conf = distribution.write("sections.conf", """
                [gone]
                type=libvirt
                server=qemu+tcp://127.0.0.1:1/system
                owner=ACME

                [datacenter]
                type=fake
                file=%s
                """.formatted(example));
        Distribution.Run run = distribution.virtWho("-p", "-c", conf.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(Distribution.resource("/expected/example-print.json"));
        assertThat(run.stderr()).contains("[gone]: unable to collect the report: Unable to connect to libvirt at "
                + "'qemu+tcp://127.0.0.1:1/system?no_tty=1': ");
    }
}
