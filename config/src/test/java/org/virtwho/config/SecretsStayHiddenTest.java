package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password written in a configuration file shows up in a message or in the text of the configuration, whatever
 * goes wrong around it: the loaded configuration is logged and printed, and so are problems.
 */
class SecretsStayHiddenTest {
    private static final String PASSWORD = "Esx-Pa55-7f3a";
    private static final String RHSM_PASSWORD = "Rhsm-Pa55-91c2";
    private static final String RHSM_PROXY_PASSWORD = "Proxy-Pa55-0d4e";
    private static final String SAT_PASSWORD = "Sat-Pa55-5b8f";
    private static final String RHSM_CONF_PROXY_PASSWORD = "Conf-Pa55-c6a1";
    private static final String BAD_PERCENT_PASSWORD = "Percent-Pa55%-e2d9";
    private static final String STRAY_LINE = "Stray-Pa55-Line-44aa";
    private static final List<String> SECRETS = List.of(PASSWORD, RHSM_PASSWORD, RHSM_PROXY_PASSWORD, SAT_PASSWORD,
            RHSM_CONF_PROXY_PASSWORD, BAD_PERCENT_PASSWORD, "Percent-Pa55", STRAY_LINE);

    @TempDir
    Path root;
    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(root);
        tree.file("etc/rhsm/rhsm.conf", """
                [server]
                proxy_hostname = proxy.example.com
                proxy_password = %s
                port = not-a-port
                """.formatted(RHSM_CONF_PROXY_PASSWORD));
    }

    @Test
    void validSectionsShowStarsForEveryPassword() {
        tree.dropIn("sources.conf", """
                [vcenter]
                type = esx
                server = vc.example.com
                username = admin
                password = %s
                owner = ACME
                rhsm_username = rhsm-user
                rhsm_password = %s
                rhsm_proxy_hostname = proxy.example.com
                rhsm_proxy_password = %s
                filter_hosts = esx1
                colour = blue

                [satellite5]
                type = libvirt
                server = kvm.example.com
                password = %1$s
                sm_type = satellite
                sat_server = https://sat5.example.com/XMLRPC
                sat_username = admin
                sat_password = %s
                """.formatted(PASSWORD, RHSM_PASSWORD, RHSM_PROXY_PASSWORD, SAT_PASSWORD));

        Configuration configuration = tree.load();

        assertThat(ConfigTree.sourceNames(configuration)).containsExactly("vcenter", "satellite5");
        SourceConfig vcenter = ConfigTree.source(configuration, "vcenter").orElseThrow();
        assertThat(vcenter.password().orElseThrow().reveal()).isEqualTo(PASSWORD);
        assertThat(vcenter.rhsm().password().orElseThrow().reveal()).isEqualTo(RHSM_PASSWORD);
        assertThat(vcenter.rhsm().proxyPassword().orElseThrow().reveal()).isEqualTo(RHSM_PROXY_PASSWORD);
        assertThat(ConfigTree.source(configuration, "satellite5").orElseThrow().satellite().orElseThrow()
                .password().reveal()).isEqualTo(SAT_PASSWORD);
        assertThat(configuration.rhsm().proxyPassword().orElseThrow().reveal()).isEqualTo(RHSM_CONF_PROXY_PASSWORD);
        assertThat(configuration.problems()).isNotEmpty();
        assertNoSecretIn(texts(configuration));
        assertThat(vcenter.toString()).contains("********");
    }

    @Test
    void brokenSectionsDoNotQuoteTheirPasswords() {
        tree.dropIn("broken.conf", """
                [percent]
                type = esx
                server = vc.example.com
                username = admin
                password = %s
                owner = ACME

                [stray]
                type = esx
                server = vc.example.com
                username = admin
                %s
                owner = ACME

                [twice]
                type = esx
                server = vc.example.com
                username = admin
                password = %s
                password = %s
                owner = ACME
                rhsm_port = https
                """.formatted(BAD_PERCENT_PASSWORD, STRAY_LINE, RHSM_PASSWORD, PASSWORD));

        Configuration configuration = tree.load();

        assertThat(configuration.droppedSections()).containsExactly("percent", "stray", "twice");
        assertNoSecretIn(texts(configuration));
    }

    @Test
    void aCommandLineTypoDoesNotEchoAnythingSecretEither() {
        tree.generalConfig("""
                [global]
                reporter_id = host-1
                [system_environment]
                https_proxy = http://user:%s@proxy.example.com:3128
                """.formatted(PASSWORD));

        Configuration configuration = tree.load(Map.of("interval", "soon"));

        List<String> texts = new ArrayList<>();
        configuration.problems().forEach(problem -> texts.add(problem.toString()));
        assertNoSecretIn(texts);
    }

    /** Everything that may end up in a log: problems, and the configuration with all its records. */
    private static List<String> texts(Configuration configuration) {
        List<String> texts = new ArrayList<>();
        configuration.problems().forEach(problem -> {
            texts.add(problem.toString());
            texts.add(problem.message());
        });
        texts.add(configuration.rhsm().toString());
        for (SourceConfig source : configuration.sources()) {
            texts.add(source.toString());
            texts.add(source.rhsm().toString());
            texts.add(source.satellite().toString());
            texts.add(configuration.rhsm().withOverrides(source.rhsm()).toString());
        }
        texts.add(configuration.toString());
        return texts;
    }

    private static void assertNoSecretIn(List<String> texts) {
        for (String text : texts) {
            for (String secret : SECRETS) {
                assertThat(text).as("a text that may be logged").doesNotContain(secret);
            }
        }
    }
}
