package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How upstream reads a value: {@code %} interpolation, matching quotes, comma lists and booleans. */
class ValueSyntaxTest {

    /** The other options of the section an interpolated value may refer to. */
    private static final Map<String, String> SECTION = Map.of(
            "server", "vc.example.com",
            "port", "443",
            "url", "https://%(server)s:%(port)s/sdk",
            "empty", "");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            # raw                           | interpolated
            plain value                     | plain value
            100%%                           | 100%
            %%%%                            | %%
            %%(server)s                     | %(server)s
            %(server)s                      | vc.example.com
            %(SERVER)s                      | vc.example.com
            https://%(server)s/sdk          | https://vc.example.com/sdk
            %(url)s                         | https://vc.example.com:443/sdk
            a%(empty)sb                     | ab
            ^^                              | ^^
            """)
    void interpolates(String raw, String expected) throws Exception {
        assertThat(ValueSyntax.interpolate(raw, SECTION::get)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            # raw                  | message (never containing the value)
            S3cret%Pass            | '%' must be followed by '%' or '('; write '%%' for a literal '%'
            S3cretPass%            | '%' must be followed by '%' or '('; write '%%' for a literal '%'
            S3cret%Pass%%          | '%' must be followed by '%' or '('; write '%%' for a literal '%'
            S3cret%(Pass           | a '%(' is not closed by ')s'; write '%%' for a literal '%'
            S3cret%(missing)s      | refers to option 'missing', which this section does not set
            S3cret%(Missing)s      | refers to option 'missing', which this section does not set
            """)
    void rejectsBadPercentSignsWithoutQuotingTheValue(String raw, String message) {
        assertThatThrownBy(() -> ValueSyntax.interpolate(raw, SECTION::get))
                .isInstanceOf(ValueSyntax.InterpolationException.class)
                .hasMessage(message)
                .message().doesNotContain("S3cret").doesNotContain("Pass");
    }

    @Test
    void followsTenLevelsOfReferencesLikeConfigparser() throws Exception {
        Map<String, String> chain = referenceChain(11);
        chain.put("k11", "end");

        assertThat(ValueSyntax.interpolate(chain.get("k1"), chain::get)).isEqualTo("end");
    }

    @Test
    void refusesAnEleventhLevel() {
        Map<String, String> chain = referenceChain(11);
        chain.put("k11", "100%%");

        assertThatThrownBy(() -> ValueSyntax.interpolate(chain.get("k1"), chain::get))
                .isInstanceOf(ValueSyntax.InterpolationException.class)
                .hasMessage("%(name)s references nest deeper than 10 levels (a reference loop?)");
    }

    @Test
    void stopsAReferenceLoop() {
        Map<String, String> loop = Map.of("a", "%(b)s", "b", "x%(a)s");

        assertThatThrownBy(() -> ValueSyntax.interpolate(loop.get("a"), loop::get))
                .hasMessageContaining("nest deeper than 10 levels");
    }

    /** k1 = %(k2)s, k2 = %(k3)s, ... up to k{last-1} = %(k{last})s; the caller sets k{last}. */
    private static Map<String, String> referenceChain(int last) {
        Map<String, String> chain = new HashMap<>();
        for (int i = 1; i < last; i++) {
            chain.put("k" + i, "%(k" + (i + 1) + ")s");
        }
        return chain;
    }

    @Test
    void aSectionMayReferToItsOwnOptionsAndToTheDefaultSection() {
        IniFile ini = new IniParser().parse(Path.of("virt-who.conf"), """
                [DEFAULT]
                domain = example.com
                [esx]
                host = vc
                server = %(host)s.%(domain)s
                """);

        assertThat(SectionValueResolver.resolve(ini, ini.section("esx")).values())
                .containsEntry("server", "vc.example.com");
    }

    @Test
    void aBadValueIsLeftOutAndReportedWithItsLineNotItsText() {
        Path file = Path.of("virt-who.conf");
        IniFile ini = new IniParser().parse(file, """
                [esx]
                owner = ACME
                password = Pa55%word
                server = %(host)s
                """);

        SectionValueResolver.Resolved resolved = SectionValueResolver.resolve(ini, ini.section("esx"));

        assertThat(resolved.values()).containsExactly(Map.entry("owner", "ACME"));
        assertThat(resolved.hasError()).isTrue();
        assertThat(resolved.problems()).containsExactly(
                Problem.error(file, "esx", "password",
                        "line 3: '%' must be followed by '%' or '('; write '%%' for a literal '%'"),
                Problem.error(file, "esx", "server",
                        "line 4: refers to option 'host', which this section does not set"));
    }

    @Test
    void quotesAreStrippedAfterInterpolation() {
        IniFile ini = new IniParser().parse(Path.of("virt-who.conf"), """
                [esx]
                host = vc
                server = "%(host)s.example.com"
                """);

        assertThat(SectionValueResolver.resolve(ini, ini.section("esx")).values())
                .containsEntry("server", "vc.example.com");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            # written        | read
            "my-reporter"    | my-reporter
            'my-reporter'    | my-reporter
            "a"              | a
            'a'              | a
            "a'              | "a'
            'a"              | 'a"
            "a"b"            | "a"b"
            'a'b'            | 'a'b'
            "a'b"            | a'b
            '"'              | "
            "                | ^^
            '                | ^^
            ""               | ^^
            ''               | ^^
            a"b"             | a"b"
            "a"b             | "a"b
            DOMAIN\\user     | DOMAIN\\user
            ^^               | ^^
            """)
    void stripsOneMatchingPairOfQuotes(String written, String read) {
        assertThat(ValueSyntax.stripQuotes(written)).isEqualTo(read);
    }

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("esx1", List.of("esx1")),
                Arguments.of("esx1,esx2", List.of("esx1", "esx2")),
                Arguments.of(" esx1 , esx2 ,\n esx3 ", List.of("esx1", "esx2", "esx3")),
                Arguments.of("host 1, host\t2", List.of("host1", "host2")),
                Arguments.of("\"esx, the first\", 'esx, the second'", List.of("esx, the first", "esx, the second")),
                Arguments.of("\"it's\", 'say \"hi\"'", List.of("it's", "say \"hi\"")),
                Arguments.of("pre\"fix, quoted\"post", List.of("prefix, quotedpost")),
                Arguments.of("a\\,b, c\\ d, e\\\\f, \\\"g", List.of("a,b", "c d", "e\\f", "\"g")),
                Arguments.of("esx*.example.com, ^esx[0-9]+$", List.of("esx*.example.com", "^esx[0-9]+$")),
                Arguments.of("esx1,", List.of("esx1")),
                Arguments.of("esx1,,esx2", List.of("esx1", "", "esx2")),
                Arguments.of(",esx1", List.of("", "esx1")),
                Arguments.of("\"\"", List.of()),
                Arguments.of("", List.of()),
                Arguments.of("   ", List.of()));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("lists")
    void parsesCommaSeparatedLists(String value, List<String> items) {
        assertThat(ValueSyntax.parseList(value)).isEqualTo(items);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            # value              | message
            "esx1, esx2          | Unterminated double quote
            esx1, "esx2          | Unterminated double quote
            'esx1                | Unterminated single quote
            "esx1", 'esx2", x    | Unterminated single quote
            """)
    void rejectsUnterminatedQuotesInLists(String value, String message) {
        assertThatThrownBy(() -> ValueSyntax.parseList(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            yes       | true
            YES       | true
            true      | true
            True      | true
            on        | true
            On        | true
            1         | true
            ^ yes ^   | true
            ^\ttrue^  | true
            no        | false
            NO        | false
            false     | false
            FALSE     | false
            off       | false
            oFF       | false
            0         | false
            ^ 0 ^     | false
            """)
    void parsesBooleansInAnyCase(String value, boolean expected) {
        assertThat(ValueSyntax.parseBoolean(value)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "y", "n", "t", "f", "2", "-1", "01", "enabled", "disabled", "none", "null",
            "yes please", "\"yes\""})
    void anythingElseIsNoBoolean(String value) {
        assertThat(ValueSyntax.parseBoolean(value)).isEqualTo(Optional.empty());
    }

    @Test
    void printsBooleansAsPythonDoesInMessages() {
        assertThat(ValueSyntax.pythonBoolean(true)).isEqualTo("True");
        assertThat(ValueSyntax.pythonBoolean(false)).isEqualTo("False");
    }
}
