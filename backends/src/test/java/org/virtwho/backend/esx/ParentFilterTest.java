package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code filter_host_parents} and {@code exclude_host_parents}, matched against the parent's managed object id. */
class ParentFilterTest {

    private static ParentFilter including(String... items) {
        return new ParentFilter("vcenter", List.of(items), List.of());
    }

    private static ParentFilter excluding(String... items) {
        return new ParentFilter("vcenter", List.of(), List.of(items));
    }

    @Test
    void withoutEitherListEveryHostIsKept() {
        ParentFilter none = new ParentFilter("vcenter", List.of(), List.of());

        assertThat(none.keeps("host-1", "domain-c7")).isTrue();
        assertThat(none.keeps("host-2", null)).isTrue();
    }

    @ParameterizedTest(name = "filter_host_parents={0}, parent {1}: kept {2}")
    @CsvSource({
        "domain-c7,     domain-c7,  true",
        "domain-c*,     domain-c7,  true",
        "*-c7,          domain-c7,  true",
        "domain-c8,     domain-c7,  false",
        // re.search: the item may match anywhere in the id, not only the whole of it
        "c7,            domain-c7,  true",
        "main,          domain-c7,  true",
        "domain-c7,     domain-c71, true",
        // but it is a regular expression, anchors and all
        "^c7,           domain-c7,  false",
        "^domain-c7$,   domain-c71, false",
        "domain-c[0-9], domain-c7,  true",
        "DOMAIN-C7,     domain-c7,  false"})
    void aFilterItemIsARegularExpressionSearchedForInTheParentIdWithStarForDotStar(String item, String parent,
                                                                                   boolean kept) {
        assertThat(including(item).keeps("host-1", parent)).isEqualTo(kept);
    }

    @Test
    void anyOfSeveralFilterItemsKeepsAHost() {
        ParentFilter filter = including("notThisOne", "*-c7");

        assertThat(filter.keeps("host-1", "domain-c7")).isTrue();
        assertThat(filter.keeps("host-2", "domain-s9")).isFalse();
    }

    @ParameterizedTest(name = "exclude_host_parents={0}, parent {1}: kept {2}")
    @CsvSource({
        "domain-c7, domain-c7,  false",
        "domain-*,  domain-c7,  false",
        "c7,        domain-c7,  false",
        "c8,        domain-c7,  true",
        "^c7,       domain-c7,  true"})
    void anExcludedParentLeavesItsHostsOut(String item, String parent, boolean kept) {
        assertThat(excluding(item).keeps("host-1", parent)).isEqualTo(kept);
    }

    @Test
    void exclusionsWinOverInclusions() {
        ParentFilter both = new ParentFilter("vcenter", List.of("domain-c*"), List.of("c7"));

        assertThat(both.keeps("host-1", "domain-c7")).isFalse();
        assertThat(both.keeps("host-2", "domain-c8")).isTrue();
    }

    @Test
    void aHostWithoutAParentIsLeftOutByAFilterButKeptByAnExclusionOfSomethingElse() {
        assertThat(including("domain-c7").keeps("host-1", null)).isFalse();
        assertThat(excluding("domain-c7").keeps("host-1", null)).isTrue();
    }

    @Test
    void anInvalidPatternIsWarnedAboutNotThrownAndMatchesNothing() {
        assertThatCode(() -> including("domain-c[")).doesNotThrowAnyException();

        assertThat(including("domain-c[").keeps("host-1", "domain-c[")).isFalse();
        assertThat(excluding("domain-c[").keeps("host-1", "domain-c[")).isTrue();
    }

    @Test
    void anInvalidPatternCostsOnlyItself() {
        assertThat(including("domain-c(", "domain-c7").keeps("host-1", "domain-c7")).isTrue();
        assertThat(excluding("+", "domain-c7").keeps("host-1", "domain-c7")).isFalse();
        assertThat(excluding("+", "domain-c7").keeps("host-2", "domain-c8")).isTrue();
    }
}
