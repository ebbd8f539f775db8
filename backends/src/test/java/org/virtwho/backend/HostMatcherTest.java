package org.virtwho.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtwho.config.HostFilter;

class HostMatcherTest {

    @ParameterizedTest(name = "wildcard {0} ~ {1} = {2}")
    @CsvSource({
            "esx-*.example.com, ESX-01.example.com, true",
            "esx-*.example.com, esx-01.example.org, false",
            "esx-0?, esx-01, true",
            "esx-0?, esx-010, false",
            "esx-[0-4], esx-3, true",
            "esx-[!0-4], esx-3, false",
            "esx-[!0-4], esx-7, true",
            "esx-[, esx-[, true",
            "a.b, a.b, true",
            "a.b, axb, false",
            "*, anything, true",
            "host(1), host(1), true",
            "12345678-*, 12345678-90ab-cdef-1234-567890abcdef, true",
    })
    void wildcards(String pattern, String host, boolean expected) {
        HostMatcher matcher = HostMatcher.of(List.of(pattern), Optional.of(HostFilter.Type.WILDCARDS), value -> { });
        assertThat(matcher.matches(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "regex {0} ~ {1} = {2}")
    @CsvSource({
            "esx-\\d+, ESX-12, true",
            "esx-\\d+, esx-12a, false",
            "esx, esx-1, false",
            "(esx|kvm)-.*, kvm-3, true",
    })
    void regularExpressionsMatchTheWholeIdIgnoringCase(String pattern, String host, boolean expected) {
        HostMatcher matcher = HostMatcher.of(List.of(pattern), Optional.of(HostFilter.Type.REGEX), value -> { });
        assertThat(matcher.matches(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "unset {0} ~ {1} = {2}")
    @CsvSource({
            "esx-*, esx-1, true",
            "esx-.*, esx-1, true",
            "esx-\\d, esx-1, true",
            "esx-?, esx-12, false",
    })
    void withoutFilterTypeAValueMatchesAsWildcardOrAsRegex(String pattern, String host, boolean expected) {
        HostMatcher matcher = HostMatcher.of(List.of(pattern), Optional.empty(), value -> { });
        assertThat(matcher.matches(host)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anInvalidRegexIsReportedAndMatchesNothing() {
        List<String> invalid = new ArrayList<>();
        HostMatcher matcher = HostMatcher.of(List.of("esx-(", "kvm"), Optional.of(HostFilter.Type.REGEX), invalid::add);
        assertThat(invalid).containsExactly("esx-(");
        assertThat(matcher.matches("esx-(")).isFalse();
        assertThat(matcher.matches("kvm")).isTrue();
    }
}
