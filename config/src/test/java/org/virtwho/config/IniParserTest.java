package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The INI dialect of Python's {@code configparser}, which every existing virt-who file is written in. Values here
 * are raw: interpolation and quotes are {@link ValueSyntaxTest}'s business.
 */
class IniParserTest {
    private static final Path FILE = Path.of("/etc/virt-who.d/test.conf");

    private final IniParser parser = new IniParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            # line after [s]          | key   | raw value
            owner=ACME                | owner | ACME
            owner = ACME              | owner | ACME
            owner:ACME                | owner | ACME
            owner : ACME              | owner | ACME
            server = http://vc:443/sdk| server| http://vc:443/sdk
            server: http://vc/sdk     | server| http://vc/sdk
            a:b = c                   | a     | b = c
            owner =                   | owner | ^^
            owner = ACME # production | owner | ACME # production
            owner = ACME ; production | owner | ACME ; production
            ^  owner = ACME^          | owner | ACME
            """)
    void separatesKeyFromValueAtTheFirstEqualsOrColon(String line, String key, String value) {
        IniFile ini = parse("[s]\n" + line + "\n");

        assertThat(ini.problems()).isEmpty();
        assertThat(rawValues(ini, "s")).containsExactly(Map.entry(key, value));
    }

    @Test
    void fullLineCommentsAreSkippedWhereverTheyAreIndented() {
        IniFile ini = parse("""
                # a comment before any section
                ; another one
                [s]
                # owner = commented out
                    ; password = indented comment
                \t# tab-indented comment
                owner = ACME
                """);

        assertThat(ini.problems()).isEmpty();
        assertThat(rawValues(ini, "s")).containsExactly(Map.entry("owner", "ACME"));
    }

    @Test
    void keysAreCaseInsensitiveButRememberHowTheyWereWritten() {
        IniFile ini = parse("""
                [system_environment]
                HTTPS_PROXY = http://proxy:3128
                """);

        IniFile.Entry entry = ini.section("system_environment").entries().get("https_proxy");
        assertThat(entry.key()).isEqualTo("https_proxy");
        assertThat(entry.writtenKey()).isEqualTo("HTTPS_PROXY");
        assertThat(entry.raw()).isEqualTo("http://proxy:3128");
        assertThat(entry.line()).isEqualTo(2);
    }

    @Test
    void sectionNamesAreCaseSensitive() {
        IniFile ini = parse("""
                [Test]
                owner = A
                [test]
                owner = B
                """);

        assertThat(ini.sections()).extracting(IniFile.Section::name).containsExactly("Test", "test");
        assertThat(ini.problems()).isEmpty();
    }

    @Test
    void moreIndentedLinesContinueTheValueJoinedByNewlines() {
        IniFile ini = parse("""
                [esx]
                filter_hosts = esx1.example.com,
                    esx2.example.com,
                  esx3.example.com
                owner = ACME
                """);

        assertThat(rawValues(ini, "esx")).containsExactly(
                Map.entry("filter_hosts", "esx1.example.com,\nesx2.example.com,\nesx3.example.com"),
                Map.entry("owner", "ACME"));
    }

    @Test
    void continuationIsRelativeToTheIndentOfTheOptionLine() {
        IniFile ini = parse("""
                [s]
                  owner = ACME
                  server = vc.example.com
                    more
                """);

        assertThat(rawValues(ini, "s")).containsExactly(
                Map.entry("owner", "ACME"),
                Map.entry("server", "vc.example.com\nmore"));
    }

    @Test
    void anIndentedLineAfterAnOptionJoinsItEvenWhenItLooksLikeAnOption() {
        // Upstream's own test case: the user probably meant a new option, but configparser disagrees.
        IniFile ini = parse("""
                [s]
                owner=root
                    filter_hosts=abc.efg.com
                """);

        assertThat(rawValues(ini, "s")).containsExactly(Map.entry("owner", "root\nfilter_hosts=abc.efg.com"));
    }

    @Test
    void anIndentedSectionHeaderAfterAnOptionIsPartOfItsValue() {
        IniFile ini = parse("""
                [a]
                owner = ACME
                  [b]
                """);

        assertThat(ini.sections()).extracting(IniFile.Section::name).containsExactly("a");
        assertThat(rawValues(ini, "a")).containsExactly(Map.entry("owner", "ACME\n[b]"));
    }

    @Test
    void blankLinesInsideAContinuedValueAreKept() {
        IniFile ini = parse("""
                [s]
                filter_hosts = host1,

                    host2
                """);

        assertThat(rawValues(ini, "s")).containsExactly(Map.entry("filter_hosts", "host1,\n\nhost2"));
    }

    @Test
    void trailingBlankLinesOfAValueAreStripped() {
        IniFile ini = parse("[s]\nowner = ACME\n\n   \n\nserver = vc\n\n\n");

        assertThat(rawValues(ini, "s")).containsExactly(Map.entry("owner", "ACME"), Map.entry("server", "vc"));
    }

    @Test
    void aValueMayStartOnTheNextLine() {
        IniFile ini = parse("""
                [s]
                filter_hosts =
                    host1,
                    host2
                """);

        assertThat(rawValues(ini, "s")).containsExactly(Map.entry("filter_hosts", "\nhost1,\nhost2"));
    }

    @Test
    void commentLinesInsideAContinuedValueAreDroppedAndDoNotEndIt() {
        IniFile ini = parse("""
                [s]
                filter_hosts = host1,
                # host2,
                    ; host3,
                    host4
                owner = ACME
                """);

        assertThat(rawValues(ini, "s")).containsExactly(
                Map.entry("filter_hosts", "host1,\nhost4"),
                Map.entry("owner", "ACME"));
    }

    @Test
    void aCommentedOutContinuationLineLeavesTheValueAlone() {
        // Upstream's test case: " #value" after server= is a comment, not part of the server.
        IniFile ini = parse("""
                [test1]
                server=http://1.2.3.4
                 #value
                username=admin
                """);

        assertThat(rawValues(ini, "test1")).containsExactly(
                Map.entry("server", "http://1.2.3.4"),
                Map.entry("username", "admin"));
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueAndWarnsWithBothLines() {
        IniFile ini = parse("""
                [esx]
                owner = First
                server = vc
                Owner = Second
                """);

        assertThat(rawValues(ini, "esx")).containsEntry("owner", "Second");
        assertThat(ini.section("esx").entries().get("owner").writtenKey()).isEqualTo("Owner");
        assertThat(ini.problems()).containsExactly(Problem.warning(FILE, "esx", "owner",
                "option is set again at line 4 (previously at line 2); the last value is used"));
    }

    @Test
    void aKeySetThreeTimesNamesThePreviousLineEachTime() {
        IniFile ini = parse("""
                [esx]
                owner = First
                owner = Second
                owner = Third
                """);

        assertThat(rawValues(ini, "esx")).containsEntry("owner", "Third");
        assertThat(ini.problems()).extracting(Problem::message).containsExactly(
                "option is set again at line 3 (previously at line 2); the last value is used",
                "option is set again at line 4 (previously at line 3); the last value is used");
    }

    @Test
    void aRepeatedSectionIsMergedWithAWarning() {
        IniFile ini = parse("""
                [esx]
                owner = ACME
                server = old.example.com

                [other]
                type = fake

                [esx]
                server = new.example.com
                """);

        assertThat(ini.sections()).extracting(IniFile.Section::name).containsExactly("esx", "other");
        assertThat(rawValues(ini, "esx")).containsOnly(
                Map.entry("owner", "ACME"),
                Map.entry("server", "new.example.com"));
        assertThat(ini.problems()).contains(Problem.warning(FILE, "esx", null,
                "section [esx] appears again at line 8 (first at line 1); the two are merged"));
    }

    @Test
    void anOptionBeforeAnySectionSpoilsTheWholeFile() {
        IniFile ini = parse("""
                # comments and blank lines are fine before the first section

                owner = ACME
                [esx]
                server = vc
                """);

        assertThat(ini.sections()).isEmpty();
        assertThat(ini.problems()).containsExactly(Problem.error(FILE, null, null,
                "File contains no section headers: line 3 comes before any [section]"));
    }

    @Test
    void aMalformedLineBreaksOnlyItsOwnSectionAndIsNotQuoted() {
        IniFile ini = parse("""
                [bad]
                owner = ACME
                s3cr3t-pasted-without-a-key
                server = vc

                [good]
                owner = ACME
                """);

        assertThat(ini.section("bad").broken()).isTrue();
        assertThat(ini.section("good").broken()).isFalse();
        assertThat(rawValues(ini, "bad")).containsOnlyKeys("owner", "server");
        assertThat(rawValues(ini, "good")).containsExactly(Map.entry("owner", "ACME"));
        assertThat(ini.problems()).containsExactly(Problem.error(FILE, "bad", null,
                "line 3 is neither a [section] header nor a key = value option"));
        assertThat(ini.problems().get(0).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void anOptionWithoutANameIsMalformed() {
        IniFile ini = parse("""
                [s]
                = ACME
                """);

        assertThat(ini.section("s").broken()).isTrue();
        assertThat(ini.problems()).extracting(Problem::message)
                .containsExactly("line 2 is neither a [section] header nor a key = value option");
    }

    @Test
    void readsWindowsAndOldMacLineEndings() {
        IniFile crlf = parse("[esx]\r\nowner = ACME\r\nfilter_hosts = a,\r\n    b\r\n");
        IniFile cr = parse("[esx]\rowner = ACME\r");

        assertThat(crlf.problems()).isEmpty();
        assertThat(rawValues(crlf, "esx")).containsExactly(
                Map.entry("owner", "ACME"),
                Map.entry("filter_hosts", "a,\nb"));
        assertThat(rawValues(cr, "esx")).containsExactly(Map.entry("owner", "ACME"));
    }

    @Test
    void theDefaultSectionIsKeptForTheOthersToInherit() {
        IniFile ini = parse("""
                [DEFAULT]
                owner = ACME
                [esx]
                server = vc
                """);

        assertThat(ini.sections()).extracting(IniFile.Section::name).containsExactly(IniFile.PARSER_DEFAULTS, "esx");
        assertThat(rawValues(ini, "DEFAULT")).containsExactly(Map.entry("owner", "ACME"));
        assertThat(SectionValueResolver.resolve(ini, ini.section("esx")).values())
                .containsExactly(Map.entry("owner", "ACME"), Map.entry("server", "vc"));
    }

    @Test
    void sectionsKeepTheirLineNumbersAndFileOrder() {
        IniFile ini = parse("""
                [b]
                owner = B

                [a]
                owner = A
                """);

        assertThat(ini.file()).isEqualTo(FILE);
        assertThat(ini.sections()).extracting(IniFile.Section::name, IniFile.Section::line)
                .containsExactly(tuple("b", 1), tuple("a", 4));
    }

    @Test
    void anEmptyFileHasNoSectionsAndNoProblems() {
        assertThat(parse("")).isEqualTo(new IniFile(FILE, List.of(), List.of()));
        assertThat(parse("# only a comment\n\n")).isEqualTo(new IniFile(FILE, List.of(), List.of()));
    }

    private IniFile parse(String text) {
        return parser.parse(FILE, text);
    }

    private static Map<String, String> rawValues(IniFile ini, String section) {
        Map<String, String> values = new LinkedHashMap<>();
        ini.section(section).entries().forEach((key, entry) -> values.put(key, entry.raw()));
        return values;
    }
}
