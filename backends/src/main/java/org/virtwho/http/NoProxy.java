package org.virtwho.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts that are reached directly although a proxy is set, from {@code no_proxy} entries as curl and Python's
 * requests read them: {@code *} is every host; {@code example.com}, {@code .example.com} and
 * {@code *.example.com} are that domain and all its subdomains; {@code host:port} only that port; an IP address or
 * a CIDR range ({@code 10.0.0.0/8}) matches hosts written as such an address. Names are never resolved, and case
 * does not matter. An entry that cannot be read (a bad port, a bad range) matches nothing.
 */
final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** What an IPv6 literal may look like (with an IPv4 tail or a zone); the JDK checks the rest. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f]*:[0-9a-f:.]*(%[0-9a-z]+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");
    private static final int ANY_PORT = -1;

    private final boolean everything;
    private final List<Rule> rules;

    private NoProxy(boolean everything, List<Rule> rules) {
        this.everything = everything;
        this.rules = List.copyOf(rules);
    }

    static NoProxy of(List<String> entries) {
        boolean everything = false;
        List<Rule> rules = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.equals("*")) {
                everything = true;
            } else if (!entry.isEmpty()) {
                parse(entry).ifPresent(rules::add);
            }
        }
        return new NoProxy(everything, rules);
    }

    /** Whether a request to {@code host} (a name or an address literal, IPv6 with or without brackets) goes direct. */
    boolean bypasses(String host, int port) {
        if (everything) {
            return true;
        }
        String name = normalise(host);
        Optional<byte[]> address = addressLiteral(name).map(InetAddress::getAddress);
        for (Rule rule : rules) {
            if ((rule.port() == ANY_PORT || rule.port() == port) && rule.matches(name, address)) {
                return true;
            }
        }
        return false;
    }

    private sealed interface Rule permits Domain, Network {
        int port();

        boolean matches(String name, Optional<byte[]> address);
    }

    /** A domain and its subdomains. */
    private record Domain(String domain, int port) implements Rule {
        @Override
        public boolean matches(String name, Optional<byte[]> address) {
            return name.equals(domain) || name.endsWith("." + domain);
        }
    }

    /** An address (a network of the full length) or a CIDR network. */
    private record Network(byte[] network, int prefixBits, int port) implements Rule {
        @Override
        public boolean matches(String name, Optional<byte[]> address) {
            return address.filter(bytes -> bytes.length == network.length && samePrefix(bytes)).isPresent();
        }

        private boolean samePrefix(byte[] address) {
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Optional<Rule> parse(String entry) {
        String host = entry;
        String port = "";
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || (close + 1 < entry.length() && entry.charAt(close + 1) != ':')) {
                return Optional.empty();
            }
            host = entry.substring(1, close);
            port = close + 1 < entry.length() ? entry.substring(close + 2) : "";
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        }
        if (!port.isEmpty() && !DIGITS.matcher(port).matches()) {
            return Optional.empty();
        }
        return rule(host, port.isEmpty() ? ANY_PORT : Integer.parseInt(port));
    }

    private static Optional<Rule> rule(String host, int port) {
        int slash = host.indexOf('/');
        if (slash >= 0) {
            return network(host.substring(0, slash), host.substring(slash + 1), port);
        }
        if (looksLikeAddress(host)) {
            // A malformed address ("1.2.3.999") is no domain name either.
            return addressLiteral(host).map(InetAddress::getAddress)
                    .map(bytes -> new Network(bytes, bytes.length * 8, port));
        }
        String domain = normalise(host.startsWith("*.") ? host.substring(2) : host).replaceFirst("^\\.+", "");
        return domain.isEmpty() ? Optional.empty() : Optional.of(new Domain(domain, port));
    }

    private static Optional<Rule> network(String address, String prefix, int port) {
        Optional<InetAddress> network = addressLiteral(address);
        if (network.isEmpty() || !DIGITS.matcher(prefix).matches()) {
            return Optional.empty();
        }
        byte[] bytes = network.get().getAddress();
        int bits = Integer.parseInt(prefix);
        return bits > bytes.length * 8 ? Optional.empty() : Optional.of(new Network(bytes, bits, port));
    }

    private static boolean looksLikeAddress(String host) {
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
    }

    private static String normalise(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /**
     * The address an IPv4 or IPv6 literal stands for. Only a valid IPv4 literal or text shaped like an IPv6 one
     * reaches {@link InetAddress#getByName}, which would look anything else up in DNS (even "1.2.3.999").
     */
    private static Optional<InetAddress> addressLiteral(String host) {
        if (!looksLikeAddress(host)) {
            return Optional.empty();
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
