package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /etc/rhsm/rhsm.conf}, shared with subscription-manager: where the mapping goes by default. */
class RhsmConfigReaderTest {
    /** The file as subscription-manager installs it, trimmed of most comments. */
    private static final String TYPICAL_RHSM_CONF = """
            # Red Hat Subscription Manager Configuration File:

            # Unified Entitlement Platform Configuration
            [server]
            # Server hostname:
            hostname = subscription.rhsm.redhat.com

            # Server prefix:
            prefix = /subscription

            # Server port:
            port = 443

            # Set to 1 to disable certificate validation:
            insecure = 0

            # Set the depth of certs which should be checked
            # when validating a certificate
            ssl_verify_depth = 3

            # an http proxy server to use
            proxy_hostname =

            # The scheme to use for the proxy when updating repo definitions, if needed
            # e.g. http or https
            proxy_scheme = http

            # port for http proxy server
            proxy_port =

            # user name for authenticating to an http proxy, if needed
            proxy_user =

            # password for basic http proxy auth, if needed
            proxy_password =

            # host/domain suffix blocklist for proxy, if needed
            no_proxy =

            [rhsm]
            # Content base URL:
            baseurl = https://cdn.redhat.com

            # Repository metadata GPG key URL:
            repomd_gpg_url =

            # Server CA certificate location:
            ca_cert_dir = /etc/rhsm/ca/

            # Default CA cert to use when generating yum repo configs:
            repo_ca_cert = %(ca_cert_dir)sredhat-uep.pem

            # Where the certificates should be stored
            productCertDir = /etc/pki/product
            entitlementCertDir = /etc/pki/entitlement
            consumerCertDir = /etc/pki/consumer

            # Manage generation of yum repositories for subscribed content:
            manage_repos = 1

            # Refresh repo files with server overrides on every yum command
            full_refresh_on_yum = 0

            # If set to zero, the client will not report the package profile to
            # the subscription management service.
            report_package_profile = 1

            # The directory to search for subscription manager plugins
            pluginDir = /usr/share/rhsm-plugins

            # The directory to search for plugin configuration files
            pluginConfDir = /etc/rhsm/pluginconf.d

            # Manage automatic enabling of yum/dnf plugins (product-id, subscription-manager)
            auto_enable_yum_plugins = 1

            # Run the package profile on each yum/dnf transaction
            package_profile_on_trans = 0

            # Inotify is used for monitoring changes in directories with certificates.
            inotify = 1

            [rhsmcertd]
            # Interval to run cert check (in minutes):
            certCheckInterval = 240
            # Interval to run auto-attach (in minutes):
            autoAttachInterval = 1440
            # If set to zero, the checks done by the rhsmcertd daemon will not be splayed (randomly offset)
            splay = 1
            # If set to 1, rhsmcertd will not execute.
            disable = 0

            [logging]
            default_log_level = INFO
            # subscription_manager = DEBUG
            # subscription_manager.managercli = DEBUG
            """;

    @TempDir
    Path root;
    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(root);
    }

    @Test
    void withoutAFileTheBuiltInDefaultsApply() {
        RhsmConfigReader.Result result = new RhsmConfigReader(tree.paths).read();

        assertThat(result.problems()).isEmpty();
        assertThat(result.settings()).isEqualTo(new RhsmSettings(
                "subscription.rhsm.redhat.com", 443, "/subscription",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, 180,
                root.resolve("etc/rhsm/ca/"), root.resolve("etc/pki/consumer")));
    }

    @Test
    void readsTheTypicalFileWithoutComplaint() {
        tree.file("etc/rhsm/rhsm.conf", TYPICAL_RHSM_CONF);

        RhsmConfigReader.Result result = new RhsmConfigReader(tree.paths).read();

        assertThat(result.problems()).isEmpty();
        assertThat(result.settings()).isEqualTo(new RhsmSettings(
                "subscription.rhsm.redhat.com", 443, "/subscription",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, 180,
                Path.of("/etc/rhsm/ca/"), Path.of("/etc/pki/consumer")));
    }

    @Test
    void readsASatelliteWithAProxy() {
        tree.file("etc/rhsm/rhsm.conf", """
                [server]
                hostname = satellite.example.com
                prefix = /rhsm
                port = 8443
                insecure = 1
                proxy_hostname = proxy.example.com
                proxy_port = 3128
                proxy_user = proxy-user
                proxy_password = proxy-secret
                no_proxy = .internal, localhost
                server_timeout = 60

                [rhsm]
                ca_cert_dir = /opt/rhsm/ca/
                consumerCertDir = /opt/pki/consumer
                """);

        RhsmConfigReader.Result result = new RhsmConfigReader(tree.paths).read();

        assertThat(result.problems()).isEmpty();
        assertThat(result.settings()).isEqualTo(new RhsmSettings(
                "satellite.example.com", 8443, "/rhsm",
                Optional.of("proxy.example.com"), Optional.of(3128), Optional.of("proxy-user"),
                Optional.of(Secret.of("proxy-secret")), Optional.of(".internal, localhost"),
                true, 60,
                Path.of("/opt/rhsm/ca/"), Path.of("/opt/pki/consumer")));
    }

    @ParameterizedTest(name = "insecure = {0} -> {1}")
    @CsvSource(textBlock = """
            0,     false
            1,     true
            no,    false
            yes,   true
            False, false
            True,  true
            """)
    void insecureIsABooleanNotAnyNonEmptyText(String value, boolean insecure) {
        tree.file("etc/rhsm/rhsm.conf", "[server]\ninsecure = " + value + "\n");

        assertThat(new RhsmConfigReader(tree.paths).read().settings().insecure()).isEqualTo(insecure);
    }

    @Test
    void aBrokenValueFallsBackToItsDefaultWithAWarning() {
        Path file = tree.file("etc/rhsm/rhsm.conf", """
                [server]
                port = https
                insecure = maybe
                """);

        RhsmConfigReader.Result result = new RhsmConfigReader(tree.paths).read();

        assertThat(result.settings().port()).isEqualTo(443);
        assertThat(result.settings().insecure()).isFalse();
        assertThat(result.problems()).containsExactly(
                Problem.warning(file, "server", "port", "'https' is not a number; using the default"),
                Problem.warning(file, "server", "insecure", "'maybe' is not 0 or 1; using 0"));
    }

    @Test
    void aSectionsOverridesWinKeyByKey() {
        RhsmSettings fromFile = new RhsmSettings("subscription.rhsm.redhat.com", 443, "/subscription",
                Optional.of("proxy.example.com"), Optional.of(3128), Optional.of("proxy-user"),
                Optional.of(Secret.of("proxy-secret")), Optional.of(".internal"), false, 180,
                Path.of("/etc/rhsm/ca"), Path.of("/etc/pki/consumer"));
        RhsmOverrides overrides = new RhsmOverrides(
                Optional.of("rhsm-user"), Optional.of(Secret.of("rhsm-secret")),
                Optional.of("satellite.example.com"), Optional.of(8443), Optional.empty(),
                Optional.empty(), Optional.of(8080), Optional.empty(),
                Optional.of(Secret.of("other-proxy-secret")), Optional.empty(), Optional.of(true));

        RhsmSettings merged = fromFile.withOverrides(overrides);

        assertThat(merged).isEqualTo(new RhsmSettings("satellite.example.com", 8443, "/subscription",
                Optional.of("proxy.example.com"), Optional.of(8080), Optional.of("proxy-user"),
                Optional.of(Secret.of("other-proxy-secret")), Optional.of(".internal"), true, 180,
                Path.of("/etc/rhsm/ca"), Path.of("/etc/pki/consumer")));
    }

    @Test
    void noOverridesChangeNothing() {
        RhsmSettings defaults = new RhsmConfigReader(tree.paths).read().settings();

        assertThat(defaults.withOverrides(RhsmOverrides.NONE)).isEqualTo(defaults);
    }

    @Test
    void overridesFromASectionApplyOnTopOfTheFile() {
        tree.file("etc/rhsm/rhsm.conf", TYPICAL_RHSM_CONF);
        tree.dropIn("test.conf", """
                [test]
                type = libvirt
                rhsm_hostname = satellite.example.com
                rhsm_port = 8443
                rhsm_insecure = 0
                """);

        Configuration configuration = tree.load();
        RhsmSettings effective = configuration.rhsm()
                .withOverrides(ConfigTree.source(configuration, "test").orElseThrow().rhsm());

        assertThat(effective.hostname()).isEqualTo("satellite.example.com");
        assertThat(effective.port()).isEqualTo(8443);
        assertThat(effective.prefix()).isEqualTo("/subscription");
        assertThat(effective.insecure()).isFalse();
    }
}
