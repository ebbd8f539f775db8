package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default of a source section and every key mapping, pinned as data: a section as a user writes it, and
 * the complete {@link SourceConfig} it must turn into.
 */
class SourceSectionDefaultsTest {
    private static final Optional<String> NONE = Optional.empty();

    @TempDir
    Path root;
    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(root);
    }

    static Stream<Arguments> minimalSections() {
        return Stream.of(
                Arguments.of("esx", """
                        type = esx
                        server = vcenter.example.com
                        username = administrator@vsphere.local
                        password = secret
                        owner = ACME
                        """, source(SourceType.ESX, "https://vcenter.example.com", "administrator@vsphere.local",
                        "secret", "ACME", new BackendOptions.Esx("https://vcenter.example.com", true, List.of(), List.of(), SourceTls.VERIFIED))),
                Arguments.of("esx with a scheme", """
                        type = esx
                        server = http://vcenter.example.com:8080
                        username = admin
                        password = secret
                        owner = ACME
                        """, source(SourceType.ESX, "http://vcenter.example.com:8080", "admin", "secret", "ACME",
                        new BackendOptions.Esx("http://vcenter.example.com:8080", true, List.of(), List.of(), SourceTls.VERIFIED))),
                Arguments.of("libvirt, local (an empty section)", "",
                        source(SourceType.LIBVIRT, "", null, null, null, new BackendOptions.Libvirt(NONE))),
                Arguments.of("libvirt, local", "type = libvirt\n",
                        source(SourceType.LIBVIRT, "", null, null, null, new BackendOptions.Libvirt(NONE))),
                Arguments.of("libvirt, remote", """
                        type = libvirt
                        server = kvm.example.com
                        owner = ACME
                        """, source(SourceType.LIBVIRT, "qemu+ssh://kvm.example.com/system?no_tty=1", null, null, "ACME",
                        new BackendOptions.Libvirt(Optional.of("qemu+ssh://kvm.example.com/system?no_tty=1")))),
                Arguments.of("hyperv", """
                        type = hyperv
                        server = hyperv.example.com
                        username = EXAMPLE\\Administrator
                        password = secret
                        owner = ACME
                        """, source(SourceType.HYPERV, "hyperv.example.com", "EXAMPLE\\Administrator", "secret", "ACME",
                        new BackendOptions.Hyperv("http://hyperv.example.com:5985/wsman", SourceTls.VERIFIED))),
                Arguments.of("kubevirt", """
                        type = kubevirt
                        owner = ACME
                        """, source(SourceType.KUBEVIRT, "", null, null, "ACME",
                        new BackendOptions.Kubevirt(Path.of(ConfigTree.HOME, ".kube/config"), "", false))),
                Arguments.of("ahv", """
                        type = ahv
                        server = 10.0.0.5
                        username = admin
                        password = secret
                        owner = ACME
                        """, source(SourceType.AHV, "10.0.0.5", "admin", "secret", "ACME",
                        new BackendOptions.Ahv(true, false, false))),
                Arguments.of("rhevm", """
                        type = rhevm
                        server = engine.example.com
                        username = admin@internal
                        password = secret
                        owner = ACME
                        """, source(SourceType.RHEVM, "https://engine.example.com:8443/", "admin@internal", "secret",
                        "ACME", new BackendOptions.Rhevm("https://engine.example.com:8443/"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minimalSections")
    void minimalValidSection(String description, String lines, SourceConfig expected) {
        Path file = tree.dropIn("test.conf", "[test]\n" + lines);

        Configuration configuration = tree.load();

        SourceConfig config = ConfigTree.source(configuration, "test").orElseThrow();
        assertThat(config.file()).isEqualTo(file);
        assertThat(withoutFile(config)).isEqualTo(expected);
        assertThat(ConfigTree.problemsOf(configuration, "test"))
                .noneMatch(problem -> problem.severity().compareTo(Problem.Severity.WARNING) <= 0);
    }

    @Test
    void fakeNeedsOnlyItsFileAndReportsHypervisors() {
        Path mapping = tree.file("fake/hypervisors.json", "{\"hypervisors\": []}");
        tree.dropIn("test.conf", "[test]\ntype = fake\nfile = " + mapping + "\n");

        Configuration configuration = tree.load();

        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
        assertThat(withoutFile(ConfigTree.source(configuration, "test").orElseThrow()))
                .isEqualTo(source(SourceType.FAKE, "", null, null, null, new BackendOptions.Fake(mapping, true)));
    }

    @Test
    void kubeconfigDefaultsToTheKubeconfigVariable() {
        tree.environment(Map.of("HOME", ConfigTree.HOME, "KUBECONFIG", "/etc/kubernetes/admin.conf"));
        tree.dropIn("test.conf", "[test]\ntype = kubevirt\nowner = ACME\n");

        assertThat(options(tree.load())).isEqualTo(
                new BackendOptions.Kubevirt(Path.of("/etc/kubernetes/admin.conf"), "", false));
    }

    @Test
    void kubeconfigMayStartWithTheHomeDirectory() {
        Path kubeconfig = tree.file("home/tester/.kube/other", "apiVersion: v1\n");
        tree.environment(Map.of("HOME", root.resolve("home/tester").toString()));
        tree.dropIn("test.conf", """
                [test]
                type = kubevirt
                owner = ACME
                kubeconfig = ~/.kube/other
                kubeversion = v1
                insecure = yes
                """);

        Configuration configuration = tree.load();

        assertThat(options(configuration)).isEqualTo(new BackendOptions.Kubevirt(kubeconfig, "v1", true));
        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
    }

    @Test
    void esxOptionsOtherThanTheirDefaults() {
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                simplified_vim = false
                filter_type = wildcards
                filter_host_parents = domain-c7, "Cluster, East"
                exclude_host_parents = domain-c9
                """);

        assertThat(options(tree.load())).isEqualTo(new BackendOptions.Esx("https://vc", false,
                List.of("domain-c7", "Cluster, East"), List.of("domain-c9"), SourceTls.VERIFIED));
    }

    @Test
    void esxAndHypervTakeACaBundleOrTheInsecureOptIn() {
        Path ca = tree.file("ca.pem", "-----BEGIN CERTIFICATE-----\n");
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                ca_cert = %s

                [hv]
                type = hyperv
                server = hv
                username = admin
                password = secret
                owner = ACME
                insecure = yes
                """.formatted(ca));
        Configuration configuration = tree.load();

        assertThat(((BackendOptions.Esx) options(configuration)).tls()).isEqualTo(new SourceTls(Optional.of(ca), false));
        assertThat(ConfigTree.source(configuration, "hv").orElseThrow().options())
                .isEqualTo(new BackendOptions.Hyperv("http://hv:5985/wsman", new SourceTls(Optional.empty(), true)));
        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
    }

    @Test
    void ahvOptionsOtherThanTheirDefaults() {
        tree.dropIn("test.conf", """
                [test]
                type = ahv
                server = 10.0.0.5
                username = admin
                password = secret
                owner = ACME
                is_hypervisor = off
                prism_central = on
                ahv_internal_debug = 1
                """);

        assertThat(options(tree.load())).isEqualTo(new BackendOptions.Ahv(false, true, true));
    }

    @Test
    void hostFiltersAndTheirLegacyNames() {
        tree.dropIn("test.conf", """
                [new]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                filter_hosts = esx1.example.com, esx2.example.com
                exclude_hosts = esx9.example.com
                filter_type = wildcards

                [old]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                filter_host_uuids = esx1.example.com, esx2.example.com
                exclude_host_uuids = esx9.example.com
                filter_type = regex
                """);

        Configuration configuration = tree.load();

        assertThat(ConfigTree.source(configuration, "new").orElseThrow().filter()).isEqualTo(new HostFilter(
                List.of("esx1.example.com", "esx2.example.com"), List.of("esx9.example.com"),
                Optional.of(HostFilter.Type.WILDCARDS)));
        assertThat(ConfigTree.source(configuration, "old").orElseThrow().filter()).isEqualTo(new HostFilter(
                List.of("esx1.example.com", "esx2.example.com"), List.of("esx9.example.com"),
                Optional.of(HostFilter.Type.REGEX)));
        assertThat(configuration.problems()).noneMatch(problem -> problem.severity() == Problem.Severity.WARNING);
    }

    @Test
    void aFilterWithoutFilterTypeLeavesTheTypeOpen() {
        tree.dropIn("test.conf", "[test]\nfilter_hosts = kvm1\n");

        assertThat(ConfigTree.source(tree.load(), "test").orElseThrow().filter())
                .isEqualTo(new HostFilter(List.of("kvm1"), List.of(), Optional.empty()));
    }

    @Test
    void virtTypeIsTheLegacyNameOfType() {
        tree.dropIn("test.conf", """
                [test]
                virt_type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                """);

        Configuration configuration = tree.load();

        assertThat(ConfigTree.source(configuration, "test").orElseThrow().type()).isEqualTo(SourceType.ESX);
        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
    }

    @Test
    void typeWinsOverVirtType() {
        tree.dropIn("test.conf", """
                [test]
                virt_type = esx
                type = libvirt
                """);

        assertThat(ConfigTree.source(tree.load(), "test").orElseThrow().type()).isEqualTo(SourceType.LIBVIRT);
    }

    @Test
    void hypervisorIdAndSmTypeAreRead() {
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                hypervisor_id = hwuuid
                """);

        SourceConfig config = ConfigTree.source(tree.load(), "test").orElseThrow();
        assertThat(config.hypervisorId()).isEqualTo(HypervisorIdKind.HWUUID);
        assertThat(config.smType()).isEqualTo(SourceConfig.SmType.SAM);
    }

    @Test
    void encryptedPasswordsAreDecryptedIntoTheirPlainKeys() {
        tree.keyFile();
        String encrypted = ConfigTree.ENCRYPTED_PASSWORD;
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                encrypted_password = %1$s
                owner = ACME
                rhsm_username = rhsm-user
                rhsm_encrypted_password = %1$s
                rhsm_proxy_user = proxy-user
                rhsm_encrypted_proxy_password = %1$s
                """.formatted(encrypted));

        Configuration configuration = tree.load();

        SourceConfig config = ConfigTree.source(configuration, "test").orElseThrow();
        Secret decrypted = Secret.of(ConfigTree.DECRYPTED_PASSWORD);
        assertThat(config.password()).contains(decrypted);
        assertThat(config.rhsm().password()).contains(decrypted);
        assertThat(config.rhsm().proxyPassword()).contains(decrypted);
        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
    }

    @Test
    void anEncryptedPasswordWinsOverAPlainOne() {
        tree.keyFile();
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = plain
                encrypted_password = %s
                owner = ACME
                """.formatted(ConfigTree.ENCRYPTED_PASSWORD));

        assertThat(ConfigTree.source(tree.load(), "test").orElseThrow().password())
                .contains(Secret.of(ConfigTree.DECRYPTED_PASSWORD));
    }

    @Test
    void encryptedPasswordsMayBeWrittenInUpperCase() {
        tree.keyFile();
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                encrypted_password = %s
                owner = ACME
                """.formatted(ConfigTree.ENCRYPTED_PASSWORD.toUpperCase()));

        assertThat(ConfigTree.source(tree.load(), "test").orElseThrow().password())
                .contains(Secret.of(ConfigTree.DECRYPTED_PASSWORD));
    }

    @Test
    void libvirtDecryptsItsEncryptedPasswordToo() {
        tree.keyFile();
        tree.dropIn("test.conf", """
                [test]
                type = libvirt
                server = qemu+tcp://kvm.example.com/system
                username = admin
                encrypted_password = %s
                owner = ACME
                """.formatted(ConfigTree.ENCRYPTED_PASSWORD));

        SourceConfig config = ConfigTree.source(tree.load(), "test").orElseThrow();
        assertThat(config.password()).contains(Secret.of(ConfigTree.DECRYPTED_PASSWORD));
        assertThat(config.server()).isEqualTo("qemu+tcp://admin@kvm.example.com/system?no_tty=1");
    }

    @Test
    void rhsmKeysOverrideRhsmConf() {
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = secret
                owner = ACME
                rhsm_hostname = satellite.example.com
                rhsm_port = 8443
                rhsm_prefix = /rhsm
                rhsm_username = rhsm-user
                rhsm_password = rhsm-secret
                rhsm_proxy_hostname = proxy.example.com
                rhsm_proxy_port = 3128
                rhsm_proxy_user = proxy-user
                rhsm_proxy_password = proxy-secret
                rhsm_no_proxy = .internal
                rhsm_insecure = 1
                """);

        assertThat(ConfigTree.source(tree.load(), "test").orElseThrow().rhsm()).isEqualTo(new RhsmOverrides(
                Optional.of("rhsm-user"), Optional.of(Secret.of("rhsm-secret")),
                Optional.of("satellite.example.com"), Optional.of(8443), Optional.of("/rhsm"),
                Optional.of("proxy.example.com"), Optional.of(3128), Optional.of("proxy-user"),
                Optional.of(Secret.of("proxy-secret")), Optional.of(".internal"), Optional.of(true)));
    }

    @Test
    void satelliteFiveNeedsNoOwner() {
        tree.keyFile();
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc
                username = admin
                password = secret
                sm_type = satellite
                sat_server = https://satellite5.example.com/XMLRPC
                sat_username = sat-admin
                sat_encrypted_password = %s
                """.formatted(ConfigTree.ENCRYPTED_PASSWORD));

        Configuration configuration = tree.load();

        SourceConfig config = ConfigTree.source(configuration, "test").orElseThrow();
        assertThat(config.smType()).isEqualTo(SourceConfig.SmType.SATELLITE);
        assertThat(config.owner()).isEmpty();
        assertThat(config.satellite()).contains(new SourceConfig.Satellite("https://satellite5.example.com/XMLRPC",
                "sat-admin", Secret.of(ConfigTree.DECRYPTED_PASSWORD)));
        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
    }

    @Test
    void eachTypeAcceptsItsOwnKeys() {
        assertThat(SourceSectionReader.knownKeys(SourceType.ESX))
                .contains("simplified_vim", "filter_host_parents", "exclude_host_parents")
                .doesNotContain("is_hypervisor", "kubeconfig", "file");
        assertThat(SourceSectionReader.knownKeys(SourceType.FAKE)).contains("file", "is_hypervisor");
        assertThat(SourceSectionReader.knownKeys(SourceType.AHV))
                .contains("is_hypervisor", "prism_central", "ahv_internal_debug");
        assertThat(SourceSectionReader.knownKeys(SourceType.KUBEVIRT)).contains("kubeconfig", "kubeversion", "insecure");
    }

    private static BackendOptions options(Configuration configuration) {
        return ConfigTree.source(configuration, "test").orElseThrow().options();
    }

    /** The expected section "test", with the defaults every type shares: sam, uuid, no filter, no overrides. */
    private static SourceConfig source(SourceType type, String server, String username, String password,
                                       String owner, BackendOptions options) {
        return new SourceConfig("test", null, type, SourceConfig.SmType.SAM, HypervisorIdKind.UUID, server,
                Optional.ofNullable(username), Optional.ofNullable(password).map(Secret::of),
                Optional.ofNullable(owner), HostFilter.NONE, RhsmOverrides.NONE, Optional.empty(), options);
    }

    private static SourceConfig withoutFile(SourceConfig c) {
        return new SourceConfig(c.name(), null, c.type(), c.smType(), c.hypervisorId(), c.server(), c.username(),
                c.password(), c.owner(), c.filter(), c.rhsm(), c.satellite(), c.options());
    }
}
