package org.virtwho.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoProxyTest {

    private static NoProxy noProxy(String... entries) {
        return NoProxy.of(List.of(entries));
    }

    @Test
    void nothingListedMeansEverythingGoesThroughTheProxy() {
        assertThat(noProxy().bypasses("example.com", 443)).isFalse();
        assertThat(noProxy("", " ").bypasses("example.com", 443)).isFalse();
    }

    @Test
    void aStarBypassesEverything() {
        assertThat(noProxy("*").bypasses("anything.example", 8443)).isTrue();
        assertThat(noProxy("other.example", " * ").bypasses("10.1.2.3", 80)).isTrue();
    }

    @Test
    void aDomainCoversItselfAndItsSubdomainsButNotLookAlikes() {
        for (NoProxy domain : List.of(noProxy("example.com"), noProxy(".example.com"), noProxy("*.example.com"))) {
            assertThat(domain.bypasses("example.com", 443)).isTrue();
            assertThat(domain.bypasses("esx.lab.example.com", 443)).isTrue();
            assertThat(domain.bypasses("badexample.com", 443)).isFalse();
            assertThat(domain.bypasses("example.com.evil", 443)).isFalse();
        }
    }

    @Test
    void caseAndATrailingDotDoNotMatter() {
        assertThat(noProxy("Example.COM").bypasses("ESX.example.com.", 443)).isTrue();
    }

    @Test
    void aPortNarrowsTheEntry() {
        NoProxy noProxy = noProxy("candlepin.example.com:8443");

        assertThat(noProxy.bypasses("candlepin.example.com", 8443)).isTrue();
        assertThat(noProxy.bypasses("candlepin.example.com", 443)).isFalse();
    }

    @Test
    void addressesMatchAddressesOnly() {
        NoProxy noProxy = noProxy("192.168.1.10", "::1", "[fe80::1]:8443");

        assertThat(noProxy.bypasses("192.168.1.10", 443)).isTrue();
        assertThat(noProxy.bypasses("192.168.1.100", 443)).isFalse();
        assertThat(noProxy.bypasses("0:0:0:0:0:0:0:1", 443)).as("the same IPv6 address, written out").isTrue();
        assertThat(noProxy.bypasses("[::1]", 443)).isTrue();
        assertThat(noProxy.bypasses("fe80::1", 8443)).isTrue();
        assertThat(noProxy.bypasses("fe80::1", 443)).isFalse();
    }

    @Test
    void cidrRangesMatchAddressesInside() {
        NoProxy noProxy = noProxy("10.0.0.0/8", "fd00::/8");

        assertThat(noProxy.bypasses("10.200.3.4", 443)).isTrue();
        assertThat(noProxy.bypasses("11.0.0.1", 443)).isFalse();
        assertThat(noProxy.bypasses("fd12:3456::1", 443)).isTrue();
        assertThat(noProxy.bypasses("fe80::1", 443)).isFalse();
        assertThat(noProxy.bypasses("ten.example", 443)).as("names are never resolved").isFalse();
    }

    @Test
    void unreadableEntriesMatchNothing() {
        NoProxy noProxy = noProxy("host:port", "10.0.0.0/99", "1.2.3.999", "[::1", "example.org");

        assertThat(noProxy.bypasses("host", 80)).isFalse();
        assertThat(noProxy.bypasses("10.0.0.1", 80)).isFalse();
        assertThat(noProxy.bypasses("1.2.3.999", 80)).isFalse();
        assertThat(noProxy.bypasses("::1", 80)).isFalse();
        assertThat(noProxy.bypasses("www.example.org", 80)).as("the readable entries still count").isTrue();
    }
}
