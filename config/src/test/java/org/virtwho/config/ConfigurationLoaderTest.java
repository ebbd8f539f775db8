package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.virtwho.config.ConfigTree.problemsOf;
import static org.virtwho.config.ConfigTree.source;
import static org.virtwho.config.ConfigTree.sourceNames;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files are read, in which order, and what wins: command line over {@code [global]}, a section over
 * {@code [defaults]}, {@code -c} files over {@code /etc/virt-who.d}, a later drop-in file over an earlier one.
 */
class ConfigurationLoaderTest {
    private static final String ESX_SOURCE = """
            type = esx
            server = vc.example.com
            username = admin
            password = secret
            """;

    @TempDir
    Path root;
    private ConfigTree tree;

    @BeforeEach
    void setUp() {
        tree = new ConfigTree(root);
    }

    @Test
    void theGeneralFileHoldsGlobalDefaultsAndTheSystemEnvironment() {
        tree.generalConfig("""
                [global]
                interval = 120
                debug = yes

                [defaults]
                owner = ACME
                hypervisor_id = hostname

                [system_environment]
                HTTPS_PROXY = "http://proxy.example.com:3128"
                no_proxy = .example.com
                """);
        tree.dropIn("vcenter.conf", "[vcenter]\n" + ESX_SOURCE);

        Configuration configuration = tree.load();

        assertThat(configuration.global().interval()).isEqualTo(120);
        assertThat(configuration.global().debug()).isTrue();
        SourceConfig vcenter = source(configuration, "vcenter").orElseThrow();
        assertThat(vcenter.owner()).contains("ACME");
        assertThat(vcenter.hypervisorId()).isEqualTo(HypervisorIdKind.HOSTNAME);
        assertThat(configuration.systemEnvironment()).isEqualTo(Map.of(
                "HTTPS_PROXY", "http://proxy.example.com:3128",
                "no_proxy", ".example.com"));
        assertThat(configuration.problems()).noneMatch(Problem::isError);
    }

    @Test
    void systemEnvironmentValuesFollowThePercentRulesOfEveryOtherValue() {
        tree.generalConfig("""
                [system_environment]
                https_proxy = http://virt-who:p%%40ss@proxy.example.com:3128
                NO_PROXY = %(https_proxy)s
                http_proxy = http://virt-who:p%40ss@proxy.example.com:3128
                """);

        Configuration configuration = tree.load();

        assertThat(configuration.systemEnvironment()).isEqualTo(Map.of(
                "https_proxy", "http://virt-who:p%40ss@proxy.example.com:3128",
                "NO_PROXY", "http://virt-who:p%40ss@proxy.example.com:3128"));
        assertThat(problemsOf(configuration, "system_environment")).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.key()).isEqualTo("http_proxy");
            assertThat(problem.message()).doesNotContain("p%40ss");
        });
    }

    @Test
    void aSectionWinsOverDefaults() {
        tree.generalConfig("""
                [defaults]
                owner = ACME
                hypervisor_id = hostname
                """);
        tree.dropIn("vcenter.conf", "[vcenter]\n" + ESX_SOURCE + "hypervisor_id = hwuuid\n");

        SourceConfig vcenter = source(tree.load(), "vcenter").orElseThrow();

        assertThat(vcenter.hypervisorId()).isEqualTo(HypervisorIdKind.HWUUID);
        assertThat(vcenter.owner()).contains("ACME");
    }

    @Test
    void theCommandLineWinsOverGlobal() {
        tree.generalConfig("""
                [global]
                interval = 120
                debug = true
                oneshot = false
                """);

        GlobalSettings global = tree.load(Map.of("interval", "300", "oneshot", "true")).global();

        assertThat(global.interval()).isEqualTo(300);
        assertThat(global.oneShot()).isTrue();
        assertThat(global.debug()).isTrue();
    }

    @Test
    void aBadCommandLineValueIsBlamedOnTheOptionNotOnTheFile() {
        Configuration configuration = tree.load(Map.of("interval", "30"));

        assertThat(configuration.global().interval()).isEqualTo(3600);
        assertThat(configuration.problems()).contains(Problem.warning(null, null, "command line option interval",
                "Interval value can't be lower than 60 seconds. Default value of 3600 seconds will be used."));
    }

    @Test
    void configFilesReplaceTheDirectoryAndTheSectionsOfTheGeneralFile() {
        tree.generalConfig("""
                [defaults]
                owner = ACME

                [local]
                type = libvirt
                """);
        tree.dropIn("vcenter.conf", "[vcenter]\n" + ESX_SOURCE);
        Path given = tree.file("tmp/given.conf", "[given]\n" + ESX_SOURCE);

        Configuration configuration = tree.load(Map.of(), given);

        assertThat(sourceNames(configuration)).containsExactly("given");
        assertThat(source(configuration, "given").orElseThrow().owner()).contains("ACME");
        assertThat(source(configuration, "given").orElseThrow().file()).isEqualTo(given);
        assertThat(configuration.global().configs()).containsExactly(given);
    }

    @Test
    void severalConfigFilesAreReadInTheOrderGiven() {
        Path second = tree.file("tmp/b.conf", "[b]\ntype = libvirt\n");
        Path first = tree.file("tmp/a.conf", "[a]\ntype = libvirt\n");

        assertThat(sourceNames(tree.load(Map.of(), second, first))).containsExactly("b", "a");
    }

    @Test
    void theConfigsOptionOfGlobalActsLikeTheCommandLine() {
        Path given = tree.file("tmp/given.conf", "[given]\ntype = libvirt\n");
        tree.generalConfig("[global]\nconfigs = " + given + "\n");
        tree.dropIn("vcenter.conf", "[vcenter]\ntype = libvirt\n");

        Configuration configuration = tree.load();

        assertThat(sourceNames(configuration)).containsExactly("given");
        assertThat(configuration.global().configs()).containsExactly(given);
    }

    @Test
    void dropInFilesAreReadInNameOrderSkippingDotFilesAndOtherNames() {
        tree.generalConfig("[general]\ntype = libvirt\n");
        tree.dropIn("b.conf", "[b]\ntype = libvirt\n");
        tree.dropIn("10-first.conf", "[ten]\ntype = libvirt\n");
        tree.dropIn("a.conf", "[a1]\ntype = libvirt\n[a2]\ntype = libvirt\n");
        tree.dropIn(".hidden.conf", "[hidden]\ntype = libvirt\n");
        tree.dropIn("c.conf.rpmsave", "[saved]\ntype = libvirt\n");
        tree.dropIn("README", "not even INI");

        Configuration configuration = tree.load();

        assertThat(sourceNames(configuration)).containsExactly("general", "ten", "a1", "a2", "b");
        Path directory = tree.paths.configDirectory();
        assertThat(configuration.problems()).contains(Problem.debug(directory, null, null,
                "There are files in '" + directory + "' not ending in '*.conf' is this intentional?"));
        assertThat(configuration.problems()).noneMatch(problem -> problem.severity() == Problem.Severity.WARNING
                || problem.isError());
    }

    @Test
    void aLaterFilesSectionReplacesAnEarlierOneOfTheSameName() {
        Path early = tree.dropIn("a.conf", "[kvm]\ntype = libvirt\nserver = old.example.com\nowner = ACME\n");
        Path late = tree.dropIn("b.conf", "[kvm]\ntype = libvirt\nserver = new.example.com\nowner = ACME\n");

        Configuration configuration = tree.load();

        assertThat(configuration.sources()).singleElement().satisfies(kvm -> {
            assertThat(kvm.server()).isEqualTo("qemu+ssh://new.example.com/system?no_tty=1");
            assertThat(kvm.file()).isEqualTo(late);
        });
        assertThat(configuration.problems()).contains(
                Problem.warning(late, "kvm", null, "replaces section [kvm] of " + early));
    }

    @Test
    void aDropInFileSectionReplacesOneOfTheGeneralFile() {
        Path general = tree.generalConfig("[kvm]\ntype = libvirt\n");
        Path dropIn = tree.dropIn("kvm.conf", "[kvm]\ntype = fake\nfile = /nonexistent\n");

        Configuration configuration = tree.load();

        assertThat(configuration.sources()).isEmpty();
        assertThat(configuration.droppedSections()).containsExactly("kvm");
        assertThat(configuration.problems()).contains(
                Problem.warning(dropIn, "kvm", null, "replaces section [kvm] of " + general));
    }

    @Test
    void globalAndDefaultsSectionsOfDropInFilesAreIgnored() {
        Path general = tree.paths.generalConfig();
        Path dropIn = tree.dropIn("mixed.conf", """
                [global]
                interval = 120

                [defaults]
                owner = ACME

                [system_environment]
                https_proxy = http://proxy:3128

                [kvm]
                type = libvirt
                server = kvm.example.com
                """);

        Configuration configuration = tree.load();

        assertThat(configuration.global().interval()).isEqualTo(3600);
        assertThat(configuration.systemEnvironment()).isEmpty();
        assertThat(configuration.droppedSections()).containsExactly("kvm");
        assertThat(problemsOf(configuration, "kvm")).extracting(Problem::message)
                .contains("Required option: \"owner\" not set.");
        assertThat(configuration.problems()).contains(
                Problem.warning(dropIn, "global", null, "section [global] is only read from " + general + "; ignored here"),
                Problem.warning(dropIn, "defaults", null, "section [defaults] is only read from " + general + "; ignored here"),
                Problem.warning(dropIn, "system_environment", null,
                        "section [system_environment] is only read from " + general + "; ignored here"));
    }

    @Test
    void theParserDefaultSectionIsNoSource() {
        tree.dropIn("kvm.conf", """
                [DEFAULT]
                owner = ACME
                [kvm]
                type = libvirt
                server = kvm.example.com
                """);

        Configuration configuration = tree.load();

        assertThat(sourceNames(configuration)).containsExactly("kvm");
        assertThat(source(configuration, "kvm").orElseThrow().owner()).contains("ACME");
    }

    @Test
    void sectionsWithBlankNamesAreSkipped() {
        tree.dropIn("kvm.conf", "[ ]\ntype = libvirt\n[kvm]\ntype = libvirt\n");

        assertThat(sourceNames(tree.load())).containsExactly("kvm");
    }

    @Test
    void withoutAnySectionTheLocalLibvirtIsUsed() {
        Path directory = tree.paths.configDirectory();

        Configuration configuration = tree.load();

        assertThat(configuration.sources()).singleElement().satisfies(cmdline -> {
            assertThat(cmdline.name()).isEqualTo(ConfigurationLoader.DEFAULT_SECTION).isEqualTo("cmdline");
            assertThat(cmdline.file()).isNull();
            assertThat(cmdline.type()).isEqualTo(SourceType.LIBVIRT);
            assertThat(cmdline.smType()).isEqualTo(SourceConfig.SmType.SAM);
            assertThat(cmdline.options()).isEqualTo(new BackendOptions.Libvirt(Optional.empty()));
        });
        assertThat(configuration.problems()).containsExactly(
                Problem.warning(directory, null, null,
                        "Configuration directory '" + directory + "' doesn't exist or is not accessible"),
                Problem.warning(null, null, null, "Using default \"cmdline\" configuration"));
    }

    @Test
    void anEmptyDirectoryAlsoMeansTheLocalLibvirt() {
        Path directory = tree.paths.configDirectory();
        tree.dropIn(".keep", "");

        Configuration configuration = tree.load();

        assertThat(sourceNames(configuration)).containsExactly("cmdline");
        assertThat(configuration.problems()).contains(
                Problem.warning(directory, null, null, "Configuration directory '" + directory + "' appears empty"));
    }

    @Test
    void aDropInFileWithoutSectionHeadersIsAnErrorAndNoDefault() {
        Path file = tree.dropIn("vcenter.conf", """
                # the user forgot the [vcenter] line
                type = esx
                server = vc.example.com
                """);

        Configuration configuration = tree.load();

        assertThat(configuration.sources()).isEmpty();
        assertThat(configuration.problems()).containsExactly(
                Problem.error(file, null, null, "File contains no section headers: line 2 comes before any [section]"),
                Problem.error(null, null, null, "The configuration files do not have any valid section headers"));
    }

    @Test
    void anUnreadableConfigFileIsAnError() {
        Path missing = root.resolve("tmp/missing.conf");

        Configuration configuration = tree.load(Map.of(), missing);

        assertThat(configuration.problems()).contains(
                Problem.error(missing, null, null, "Unable to read configuration file " + missing));
    }

    @Test
    void aBrokenSectionIsDroppedWhileTheOthersRun() {
        tree.dropIn("sources.conf", """
                [invalid]
                type = esx
                server = vc.example.com
                owner = ACME

                [malformed]
                type = libvirt
                this line is no option

                [bad-percent]
                type = libvirt
                server = kvm%.example.com

                [good]
                type = libvirt
                """);

        Configuration configuration = tree.load();

        assertThat(sourceNames(configuration)).containsExactly("good");
        assertThat(configuration.droppedSections()).containsExactly("invalid", "malformed", "bad-percent");
        assertThat(problemsOf(configuration, "good")).isEmpty();
        assertThat(problemsOf(configuration, "malformed")).extracting(Problem::message)
                .containsExactly("line 8 is neither a [section] header nor a key = value option");
        assertThat(problemsOf(configuration, "bad-percent")).extracting(Problem::key, Problem::message)
                .containsExactly(tuple("server",
                        "line 12: '%' must be followed by '%' or '('; write '%%' for a literal '%'"));
    }

    @Test
    void aReferenceToDefaultsIsNoInterpolationSource() {
        // [defaults] is virt-who's, not configparser's: %(owner)s cannot see it.
        tree.generalConfig("[defaults]\nowner = ACME\n");
        tree.dropIn("kvm.conf", "[kvm]\ntype = libvirt\nserver = %(owner)s.example.com\n");

        Configuration configuration = tree.load();

        assertThat(configuration.droppedSections()).containsExactly("kvm");
        assertThat(problemsOf(configuration, "kvm")).extracting(Problem::message)
                .contains("line 3: refers to option 'owner', which this section does not set");
    }

    @Test
    void globalDefaults() {
        GlobalSettings global = tree.load().global();

        assertThat(global.debug()).isFalse();
        assertThat(global.oneShot()).isFalse();
        assertThat(global.status()).isFalse();
        assertThat(global.json()).isFalse();
        assertThat(global.print()).isFalse();
        assertThat(global.logPerConfig()).isFalse();
        assertThat(global.configs()).isEmpty();
        assertThat(global.interval()).isEqualTo(3600);
        assertThat(global.logFile()).isEqualTo("rhsm.log");
        assertThat(global.logDirectory()).isEqualTo(root.resolve("var/log/rhsm"));
        assertThat(global.reporterId()).isNotBlank();
    }

    @Test
    void anIntervalBelowOneMinuteFallsBackToOneHour() {
        Path general = tree.generalConfig("[global]\ninterval = 59\n");

        Configuration configuration = tree.load();

        assertThat(configuration.global().interval()).isEqualTo(3600);
        assertThat(problemsOf(configuration, "global")).containsExactly(Problem.warning(general, "global", "interval",
                "Interval value can't be lower than 60 seconds. Default value of 3600 seconds will be used."));
    }

    @Test
    void anIntervalOfOneMinuteIsFine() {
        tree.generalConfig("[global]\ninterval = 60\n");

        assertThat(tree.load().global().interval()).isEqualTo(60);
    }

    @Test
    void theReporterIdIsTheHostNameAndTheMachineId() {
        String hostnameOnly = tree.load().global().reporterId();
        tree.file("etc/machine-id", "0123456789abcdef0123456789abcdef\n");

        String reporterId = tree.load().global().reporterId();

        assertThat(reporterId).isEqualTo(hostnameOnly + "-0123456789abcdef0123456789abcdef");
    }

    @Test
    void aReporterIdOfGlobalWins() {
        tree.file("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        tree.generalConfig("[global]\nreporter_id = \"my-reporter\"\n");

        assertThat(tree.load().global().reporterId()).isEqualTo("my-reporter");
    }

    @Test
    void globalKeysAreRead() {
        tree.generalConfig("""
                [global]
                debug = True
                status = 1
                json = on
                log_per_config = yes
                log_file = virt-who.log
                log_dir = /var/log/virt-who
                """);

        GlobalSettings global = tree.load().global();

        assertThat(global.debug()).isTrue();
        assertThat(global.status()).isTrue();
        assertThat(global.json()).isTrue();
        assertThat(global.logPerConfig()).isTrue();
        assertThat(global.logFile()).isEqualTo("virt-who.log");
        assertThat(global.logDirectory()).isEqualTo(Path.of("/var/log/virt-who"));
    }

    @Test
    void printImpliesOneShot() {
        assertThat(tree.load(Map.of("print", "true")).global()).satisfies(global -> {
            assertThat(global.print()).isTrue();
            assertThat(global.oneShot()).isTrue();
        });

        tree.generalConfig("[global]\nprint_ = yes\n");
        assertThat(tree.load().global()).satisfies(global -> {
            assertThat(global.print()).isTrue();
            assertThat(global.oneShot()).isTrue();
        });
    }

    @Test
    void unknownGlobalOptionsAndBadBooleansAreWarnings() {
        Path general = tree.generalConfig("""
                [global]
                intervall = 120
                debug = very
                """);

        Configuration configuration = tree.load();

        assertThat(configuration.global().debug()).isFalse();
        assertThat(problemsOf(configuration, "global")).containsExactlyInAnyOrder(
                Problem.warning(general, "global", "intervall", "Ignoring unknown configuration option \"intervall\""),
                Problem.warning(general, "global", "debug",
                        "debug must be a valid boolean, using default: False. See man virt-who-config for more info"));
    }

    @Test
    void rhsmConfIsReadAlongside() {
        tree.file("etc/rhsm/rhsm.conf", "[server]\nhostname = satellite.example.com\n");

        assertThat(tree.load().rhsm().hostname()).isEqualTo("satellite.example.com");
    }

    @Test
    void sourcesComeInFileOrderThenSectionOrder() {
        tree.generalConfig("[z-general]\ntype = libvirt\n");
        tree.dropIn("a.conf", "[second]\ntype = libvirt\n[first]\ntype = libvirt\n");

        assertThat(sourceNames(tree.load())).isEqualTo(List.of("z-general", "second", "first"));
    }
}
