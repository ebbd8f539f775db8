package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.virtwho.config.Problem.Severity.ERROR;
import static org.virtwho.config.Problem.Severity.INFO;
import static org.virtwho.config.Problem.Severity.WARNING;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message about a source section, pinned as data: the type, how the section differs from a minimal valid
 * one, and the exact problem (severity, key, text) it must produce. Any error drops the section; warnings and
 * infos never do.
 *
 * <p>In the changes, {@code key = value} sets a key and {@code -key} removes it from the minimal section;
 * {@code {root}} stands for the system root of the test and {@code {encrypted}} for "password" encrypted with
 * the test's key file.
 */
class SourceSectionValidationTest {

    /** The smallest section of each type that loads without a warning. */
    private static final Map<String, List<String>> MINIMAL = Map.of(
            "esx", List.of("server = vc.example.com", "username = admin", "password = secret", "owner = ACME"),
            "libvirt", List.of(),
            "hyperv", List.of("server = http://hyperv.example.com:5985/wsman", "username = admin",
                    "password = secret", "owner = ACME"),
            "kubevirt", List.of("owner = ACME"),
            "ahv", List.of("server = 10.0.0.5", "username = admin", "password = secret", "owner = ACME"),
            "rhevm", List.of("server = https://engine.example.com:8443/", "username = admin", "password = secret",
                    "owner = ACME"),
            "fake", List.of("file = {root}/fake.json"));

    private static final String NO_FILTER_TYPE = " is set, but filter_type is not set. Possible values of filter_type: "
            + "\"regex, wildcards\". Each value is matched both as a wildcard and as a regular expression.";
    private static final String BOOLEAN = " must be a valid boolean, using default: %s. See man virt-who-config for more info";
    private static final String PORT = "must be a port number from 1 to 65535, not '%s'";
    private static final String CORRUPTED = "Option \"%s\" cannot be decrypted, possibly corrupted";
    private static final String SSH_PASSWORD = "Password authentication doesn't work with ssh transport on libvirt "
            + "backend, copy your public ssh key to the remote machine";
    private static final String A_UUID = "4c4c4544-0044-4b10-8036-b7c04f4e3232";

    @TempDir
    Path root;
    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(root);
        tree.keyFile();
        tree.file("fake.json", "{\"hypervisors\": []}");
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                // type
                row("xen", "", ERROR, "type", "Unsupported virtual type 'xen' is set"),
                row("ESX", "", ERROR, "type", "Unsupported virtual type 'ESX' is set"),
                // sm_type
                row("libvirt", "sm_type = sat6", ERROR, "sm_type", "sm_type must be one of satellite, sam"),
                // hypervisor_id
                row("esx", "hypervisor_id = mac", ERROR, "hypervisor_id",
                        "Invalid option: \"mac\" for hypervisor_id, use one of: (uuid, hwuuid, hostname)"),
                row("esx", "hypervisor_id = UUID", ERROR, "hypervisor_id",
                        "Invalid option: \"UUID\" for hypervisor_id, use one of: (uuid, hwuuid, hostname)"),
                row("libvirt", "hypervisor_id = hwuuid", ERROR, "hypervisor_id",
                        "Invalid option: \"hwuuid\" for hypervisor_id, use one of: (uuid, hostname)"),
                row("hyperv", "hypervisor_id = hwuuid", ERROR, "hypervisor_id",
                        "Invalid option: \"hwuuid\" for hypervisor_id, use one of: (uuid, hostname)"),
                row("kubevirt", "hypervisor_id = hwuuid", ERROR, "hypervisor_id",
                        "Invalid option: \"hwuuid\" for hypervisor_id, use one of: (uuid, hostname)"),
                row("ahv", "hypervisor_id = hwuuid", ERROR, "hypervisor_id",
                        "Invalid option: \"hwuuid\" for hypervisor_id, use one of: (uuid, hostname)"),
                row("rhevm", "hypervisor_id = mac", ERROR, "hypervisor_id",
                        "Invalid option: \"mac\" for hypervisor_id, use one of: (uuid, hwuuid, hostname)"),
                row("fake", "hypervisor_id = mac", ERROR, "hypervisor_id",
                        "Invalid option: \"mac\" for hypervisor_id, use one of: (uuid, hwuuid, hostname)"),
                // required options
                row("esx", "-owner", ERROR, "owner", "Required option: \"owner\" not set."),
                row("esx", "owner =", ERROR, "owner", "Required option: \"owner\" not set."),
                row("esx", "-server", ERROR, "server", "Required option: \"server\" not set."),
                row("esx", "-username", ERROR, "username", "Required option: \"username\" not set."),
                row("esx", "-password", ERROR, "password", "Required option: \"password\" not set."),
                row("hyperv", "-username", ERROR, "username", "Required option: \"username\" not set."),
                row("ahv", "-password", ERROR, "password", "Required option: \"password\" not set."),
                row("rhevm", "-server", ERROR, "server", "Required option: \"server\" not set."),
                row("kubevirt", "-owner", ERROR, "owner", "Required option: \"owner\" not set."),
                row("libvirt", "server = kvm.example.com", ERROR, "owner", "Required option: \"owner\" not set."),
                row("fake", "-file", ERROR, "file", "Required option: \"file\" not set."),
                row("esx", "-owner|sm_type = satellite|sat_username = sat-admin|sat_password = secret", ERROR,
                        "sat_server", "Required option: \"sat_server\" not set."),
                row("esx", "-owner|sm_type = satellite|sat_server = sat5.example.com|sat_password = secret", ERROR,
                        "sat_username", "Required option: \"sat_username\" not set."),
                row("esx", "-owner|sm_type = satellite|sat_server = sat5.example.com|sat_username = sat-admin", ERROR,
                        "sat_password", "Required option: \"sat_password\" not set."),
                // server
                row("esx", "server =", ERROR, "server", "Option server needs to be set in config: 'test'"),
                row("hyperv", "server =", ERROR, "server", "Option server needs to be set in config: 'test'"),
                row("ahv", "server =", ERROR, "server", "Option server needs to be set in config: 'test'"),
                row("rhevm", "server =", ERROR, "server", "Option server needs to be set in config: 'test'"),
                row("kubevirt", "server =", ERROR, "server", "Option server needs to be set in config: 'test'"),
                row("esx", "server = vcenter.ex\u00e4mple.com", ERROR, "server",
                        "Option server needs to be ASCII characters only: 'test'"),
                row("ahv", "server = ahv.example.com", ERROR, "server", "Invalid server IP address provided"),
                row("ahv", "server = 10.0.0.256", ERROR, "server", "Invalid server IP address provided"),
                row("ahv", "server = https://10.0.0.5", ERROR, "server", "Invalid server IP address provided"),
                row("ahv", "server = fe80::1", ERROR, "server", "Invalid server IP address provided"),
                row("hyperv", "server = hyperv.example.com", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to http://hyperv.example.com:5985/wsman"),
                row("hyperv", "server = https://hyperv.example.com", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to https://hyperv.example.com:5986/wsman"),
                row("hyperv", "server = hyperv.example.com:8080", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to http://hyperv.example.com:8080/wsman"),
                row("hyperv", "server = http://hyperv.example.com/wsman", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to http://hyperv.example.com:5985/wsman"),
                row("rhevm", "server = engine.example.com", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to https://engine.example.com:8443/"),
                row("rhevm", "server = http://engine.example.com:8080", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to http://engine.example.com:8080/"),
                // Upstream keeps the path (urlunsplit of scheme, host:port and path) and ends it with a slash.
                row("rhevm", "server = https://engine.example.com/ovirt-engine", INFO, "server",
                        "The original server URL was incomplete. It has been enhanced to https://engine.example.com:8443/ovirt-engine/"),
                row("libvirt", "server = kvm.example.com|owner = ACME", INFO, "server",
                        "Protocol is not specified in libvirt url, using qemu+ssh://"),
                row("libvirt", "server = qemu+ssh://kvm.example.com|owner = ACME", INFO, "server",
                        "Libvirt path is not specified in the url, using /system"),
                // libvirt passwords
                row("libvirt", "password = secret", INFO, "password",
                        "Options 'password' set in test is useless for monitoring local libvirtd instance"),
                row("libvirt", "encrypted_password = {encrypted}", INFO, "encrypted_password",
                        "Options 'encrypted_password' set in test is useless for monitoring local libvirtd instance"),
                row("libvirt", "server = kvm.example.com|owner = ACME|password = secret", WARNING, "password",
                        SSH_PASSWORD),
                row("libvirt", "server = qemu+ssh://kvm.example.com/system|owner = ACME|password = secret", WARNING,
                        "password", SSH_PASSWORD),
                row("libvirt", "server = kvm.example.com|owner = ACME|encrypted_password = {encrypted}", WARNING,
                        "encrypted_password", SSH_PASSWORD),
                // host filters
                row("esx", "filter_hosts = \"esx1, esx2", ERROR, "filter_hosts", "Unterminated double quote"),
                row("esx", "exclude_hosts = 'esx1|filter_type = wildcards", ERROR, "exclude_hosts",
                        "Unterminated single quote"),
                row("esx", "filter_host_parents = \"East cluster", ERROR, "filter_host_parents",
                        "Unterminated double quote"),
                row("esx", "hypervisor_id = hostname|filter_type = wildcards|filter_hosts = " + A_UUID
                                + ", esx1.example.com", WARNING, "filter_hosts",
                        "Filter values: \"" + A_UUID + "\" appear to be UUIDs. UUIDs are not gathered when "
                                + "hypervisor_id = \"hostname\""),
                row("esx", "hypervisor_id = hwuuid|filter_type = wildcards|exclude_hosts = {" + A_UUID.toUpperCase()
                                + "}, urn:uuid:" + A_UUID + ", host-9", WARNING, "exclude_hosts",
                        "Filter values: \"{" + A_UUID.toUpperCase() + "}, urn:uuid:" + A_UUID + "\" appear to be "
                                + "UUIDs. UUIDs are not gathered when hypervisor_id = \"hwuuid\""),
                row("libvirt", "hypervisor_id = hostname|filter_type = regex|filter_hosts = "
                                + A_UUID.replace("-", ""), WARNING, "filter_hosts",
                        "Filter values: \"" + A_UUID.replace("-", "") + "\" appear to be UUIDs. UUIDs are not "
                                + "gathered when hypervisor_id = \"hostname\""),
                row("esx", "filter_hosts = esx1.example.com", WARNING, "filter_hosts", "\"filter_hosts\"" + NO_FILTER_TYPE),
                row("esx", "exclude_hosts = esx1.example.com", WARNING, "exclude_hosts",
                        "\"exclude_hosts\"" + NO_FILTER_TYPE),
                row("esx", "filter_host_uuids = esx1.example.com", WARNING, "filter_hosts",
                        "\"filter_hosts\"" + NO_FILTER_TYPE),
                row("esx", "exclude_host_uuids = esx1.example.com", WARNING, "exclude_hosts",
                        "\"exclude_hosts\"" + NO_FILTER_TYPE),
                row("esx", "filter_type = glob", ERROR, "filter_type", "'filter_type' must be one of: 'regex, wildcards'"),
                row("esx", "filter_type = Regex", ERROR, "filter_type", "'filter_type' must be one of: 'regex, wildcards'"),
                // booleans
                row("esx", "simplified_vim = maybe", WARNING, "simplified_vim", "simplified_vim" + BOOLEAN.formatted("True")),
                row("ahv", "is_hypervisor = 2", WARNING, "is_hypervisor", "is_hypervisor" + BOOLEAN.formatted("True")),
                row("ahv", "prism_central = perhaps", WARNING, "prism_central", "prism_central" + BOOLEAN.formatted("False")),
                row("ahv", "ahv_internal_debug = verbose", WARNING, "ahv_internal_debug",
                        "ahv_internal_debug" + BOOLEAN.formatted("False")),
                row("kubevirt", "insecure = nope", WARNING, "insecure", "insecure" + BOOLEAN.formatted("False")),
                row("fake", "is_hypervisor = hypervisor", WARNING, "is_hypervisor",
                        "is_hypervisor" + BOOLEAN.formatted("True")),
                // destination overrides
                row("esx", "rhsm_port = https", ERROR, "rhsm_port", PORT.formatted("https")),
                row("esx", "rhsm_port = 0", ERROR, "rhsm_port", PORT.formatted("0")),
                row("esx", "rhsm_port = 65536", ERROR, "rhsm_port", PORT.formatted("65536")),
                row("esx", "rhsm_proxy_port = 3128/tcp", ERROR, "rhsm_proxy_port", PORT.formatted("3128/tcp")),
                row("esx", "rhsm_insecure = maybe", ERROR, "rhsm_insecure",
                        "must be 0 or 1 (or another boolean: yes/no, true/false, on/off)"),
                row("esx", "rhsm_hostname =", WARNING, "rhsm_hostname",
                        "\"rhsm_hostname\" cannot be empty and has no default value"),
                // unknown options
                row("esx", "colour = blue", WARNING, "colour", "Ignoring unknown configuration option \"colour\""),
                row("esx", "is_hypervisor = true", WARNING, "is_hypervisor",
                        "Ignoring unknown configuration option \"is_hypervisor\""),
                row("hyperv", "url = http://hyperv.example.com:5985/wsman", WARNING, "url",
                        "Ignoring unknown configuration option \"url\""),
                row("libvirt", "simplified_vim = false", WARNING, "simplified_vim",
                        "Ignoring unknown configuration option \"simplified_vim\""),
                // encrypted passwords
                row("esx", "-password|encrypted_password = 274ea8fca4b157dce80a7002826601e", ERROR, "encrypted_password",
                        CORRUPTED.formatted("encrypted_password")),
                row("esx", "-password|encrypted_password = not hex at all", ERROR, "encrypted_password",
                        CORRUPTED.formatted("encrypted_password")),
                row("esx", "-password|encrypted_password = 274ea8fca4b157dce80a7002826601", ERROR, "encrypted_password",
                        CORRUPTED.formatted("encrypted_password")),
                row("esx", "-password|encrypted_password =", ERROR, "encrypted_password",
                        CORRUPTED.formatted("encrypted_password")),
                row("esx", "rhsm_encrypted_password = zz", ERROR, "rhsm_encrypted_password",
                        CORRUPTED.formatted("rhsm_encrypted_password")),
                row("esx", "rhsm_encrypted_proxy_password = zz", ERROR, "rhsm_encrypted_proxy_password",
                        CORRUPTED.formatted("rhsm_encrypted_proxy_password")),
                row("libvirt", "sm_type = satellite|sat_server = sat5.example.com|sat_username = sat-admin"
                        + "|sat_encrypted_password = zz", ERROR, "sat_encrypted_password",
                        CORRUPTED.formatted("sat_encrypted_password")),
                // TLS of esx and hyperv (our keys)
                row("esx", "ca_cert = {root}/missing-ca.pem", ERROR, "ca_cert",
                        "Path '{root}/missing-ca.pem' is not accessible; give a readable PEM file or directory of CA "
                                + "certificates"),
                row("hyperv", "insecure = maybe", WARNING, "insecure",
                        "insecure must be a valid boolean, using default: False. See man virt-who-config for more info"),
                row("libvirt", "insecure = true", WARNING, "insecure", "Ignoring unknown configuration option \"insecure\""),
                // kubevirt
                row("kubevirt", "kubeconfig = /nonexistent/kubeconfig", WARNING, "kubeconfig",
                        "Kubeconfig file was not found at /nonexistent/kubeconfig"),
                row("kubevirt", "kubeversion =", WARNING, "kubeversion", "kubeversion cannot be empty, using default"),
                // fake
                row("fake", "file = {root}/missing.json", ERROR, "file",
                        "Error validating key 'file': 'Path '{root}/missing.json' is not accessible'"),
                row("fake", "file = {root}", ERROR, "file",
                        "Error validating key 'file': 'Path '{root}' does not appear to be a file'"));
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @MethodSource("messages")
    void reportsEachProblemWithItsSeverityKeyAndText(String type, String changes, Problem.Severity severity,
                                                     String key, String message) {
        Path file = tree.dropIn("test.conf", "[test]\n" + section(type, changes).replace("{root}", root.toString()));

        Configuration configuration = tree.load();

        List<Problem> problems = configuration.problems().stream().filter(p -> file.equals(p.file())).toList();
        assertThat(problems).contains(new Problem(severity, file, "test", key, message.replace("{root}", root.toString())));
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.section()).isEqualTo("test");
            assertThat(problem.key()).isNotNull();
        });
        assertThat(ConfigTree.problemsOf(configuration, "test")).allMatch(problem -> file.equals(problem.file()));
        if (severity == ERROR) {
            assertThat(configuration.sources()).isEmpty();
            assertThat(configuration.droppedSections()).containsExactly("test");
        } else {
            assertThat(problems).noneMatch(Problem::isError);
            assertThat(ConfigTree.sourceNames(configuration)).containsExactly("test");
            assertThat(configuration.droppedSections()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            esx
            libvirt
            hyperv
            kubevirt
            ahv
            rhevm
            fake
            """)
    void theMinimalSectionsOfTheTableAreValidAndQuiet(String type) {
        tree.dropIn("test.conf", "[test]\n" + section(type, "").replace("{root}", root.toString()));

        Configuration configuration = tree.load();

        assertThat(ConfigTree.problemsOf(configuration, "test")).isEmpty();
        assertThat(ConfigTree.sourceNames(configuration)).containsExactly("test");
    }

    @Test
    void anUnsupportedTypeIsTheOnlyThingReported() {
        tree.dropIn("test.conf", """
                [test]
                type = xen
                server = xen.example.com
                colour = blue
                """);

        assertThat(ConfigTree.problemsOf(tree.load(), "test")).extracting(Problem::message)
                .containsExactly("Unsupported virtual type 'xen' is set");
    }

    @Test
    void allProblemsOfASectionAreReportedAtOnce() {
        tree.dropIn("test.conf", """
                [test]
                type = esx
                hypervisor_id = mac
                server = vc.example.com
                username = admin
                colour = blue
                """);

        assertThat(ConfigTree.problemsOf(tree.load(), "test")).extracting(Problem::key)
                .contains("colour", "hypervisor_id", "password", "owner");
    }

    @Test
    void aMissingKeyFileIsAnErrorNamingTheKeyFile() {
        Path keyFile = tree.paths.keyFile();
        tree.dropIn("test.conf", """
                [test]
                type = esx
                server = vc.example.com
                username = admin
                encrypted_password = %s
                owner = ACME
                """.formatted(ConfigTree.ENCRYPTED_PASSWORD));
        deleteKeyFile();

        Configuration configuration = tree.load();

        assertThat(ConfigTree.problemsOf(configuration, "test")).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(ERROR);
            assertThat(problem.key()).isEqualTo("encrypted_password");
            assertThat(problem.message()).contains(keyFile.toString())
                    .isEqualTo("Unable to read key file " + keyFile + ": No such file or directory");
        });
        assertThat(configuration.droppedSections()).containsExactly("test");
    }

    @Test
    void passwordsOverOtherLibvirtTransportsAreFine() {
        tree.dropIn("test.conf", """
                [test]
                type = libvirt
                server = qemu+tcp://kvm.example.com/system
                owner = ACME
                password = secret
                """);

        assertThat(ConfigTree.problemsOf(tree.load(), "test")).isEmpty();
    }

    /** Upstream's normalisation, except that a port and query parameters are kept and no_tty is never doubled. */
    @ParameterizedTest(name = "{0} (username {1}) -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # server                                          | username | uri
            kvm.example.com                                   | -        | qemu+ssh://kvm.example.com/system?no_tty=1
            kvm.example.com                                   | admin    | qemu+ssh://admin@kvm.example.com/system?no_tty=1
            root@kvm.example.com                              | -        | qemu+ssh://root@kvm.example.com/system?no_tty=1
            root@kvm.example.com                              | admin    | qemu+ssh://admin@kvm.example.com/system?no_tty=1
            kvm.example.com:2222                              | -        | qemu+ssh://kvm.example.com:2222/system?no_tty=1
            kvm.example.com/session                           | -        | qemu+ssh://kvm.example.com/session?no_tty=1
            qemu+ssh://kvm.example.com                        | -        | qemu+ssh://kvm.example.com/system?no_tty=1
            qemu+ssh://kvm.example.com/                       | -        | qemu+ssh://kvm.example.com/system?no_tty=1
            qemu+tcp://kvm.example.com/system                 | -        | qemu+tcp://kvm.example.com/system?no_tty=1
            qemu+ssh://root@kvm.example.com:2222/system       | -        | qemu+ssh://root@kvm.example.com:2222/system?no_tty=1
            qemu+ssh://kvm.example.com/system?keyfile=/k      | -        | qemu+ssh://kvm.example.com/system?keyfile=/k&no_tty=1
            qemu+ssh://kvm.example.com/system?no_tty=1        | -        | qemu+ssh://kvm.example.com/system?no_tty=1
            qemu+ssh://kvm.example.com/system?a=1&no_tty=1    | -        | qemu+ssh://kvm.example.com/system?a=1&no_tty=1
            test:///default                                   | -        | test:///default?no_tty=1
            qemu+tls://kvm.example.com/system?pkipath=/etc/pki/kvm&no_verify=1 | - | qemu+tls://kvm.example.com/system?pkipath=/etc/pki/kvm&no_verify=1&no_tty=1
            qemu+ssh://k/system?known_hosts=/kh&sshauth=privkey,agent | -    | qemu+ssh://k/system?known_hosts=/kh&sshauth=privkey,agent&no_tty=1
            qemu+libssh2://k/system?known_hosts_verify=ignore | -        | qemu+libssh2://k/system?known_hosts_verify=ignore&no_tty=1
            qemu+ext://k/system?command=/usr/bin/ssh-proxy    | -        | qemu+ext://k/system?command=/usr/bin/ssh-proxy&no_tty=1
            qemu+ssh://k/system?netcat=/bin/nc&name=qemu:///system | -   | qemu+ssh://k/system?netcat=/bin/nc&name=qemu:///system&no_tty=1
            qemu+unix:///system?socket=/run/libvirt/libvirt-sock | -     | qemu+unix:///system?socket=/run/libvirt/libvirt-sock&no_tty=1
            test+tcp://127.0.0.1:16509/tmp/node.xml           | -        | test+tcp://127.0.0.1:16509/tmp/node.xml?no_tty=1
            qemu+ssh://k/system?no_tty=0                      | -        | qemu+ssh://k/system?no_tty=0
            qemu+ssh://[fd00::1]:2222/system                  | -        | qemu+ssh://[fd00::1]:2222/system?no_tty=1
            """)
    void normalisesTheLibvirtServer(String server, String username, String uri) {
        tree.dropIn("test.conf", "[test]\ntype = libvirt\nowner = ACME\nserver = " + server + "\n"
                + (username == null ? "" : "username = " + username + "\n"));

        SourceConfig config = ConfigTree.source(tree.load(), "test").orElseThrow();

        assertThat(config.server()).isEqualTo(uri);
        assertThat(config.options()).isEqualTo(new BackendOptions.Libvirt(Optional.of(uri)));
    }

    private void deleteKeyFile() {
        try {
            Files.delete(tree.paths.keyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param changes {@code |}-separated: {@code key = value} sets a key (replacing the minimal one), {@code -key}
     *                removes it
     */
    private static Arguments row(String type, String changes, Problem.Severity severity, String key, String message) {
        return Arguments.of(type, changes, severity, key, message);
    }

    /** The section text: {@code type = ...} and the minimal lines of the type with the changes applied. */
    private static String section(String type, String changes) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : MINIMAL.getOrDefault(type, List.of())) {
            lines.put(keyOf(line), line);
        }
        for (String change : changes.isEmpty() ? new String[0] : changes.split("\\|")) {
            if (change.startsWith("-")) {
                lines.remove(change.substring(1));
            } else {
                lines.put(keyOf(change), change.replace("{encrypted}", ConfigTree.ENCRYPTED_PASSWORD));
            }
        }
        StringBuilder text = new StringBuilder("type = " + type + "\n");
        lines.values().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static String keyOf(String line) {
        return line.substring(0, line.indexOf('=')).strip();
    }
}
