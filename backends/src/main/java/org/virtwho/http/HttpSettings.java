package org.virtwho.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link HttpClientFactory} needs to build a client for one server.
 *
 * @param caCertificates    the certificate authorities to trust: a PEM file with one or more certificates, or a
 *                          directory whose {@code *.pem} and {@code *.crt} files are all read. Only these are then
 *                          trusted, as with OpenSSL's CA file. Empty: the JVM's default trust store.
 * @param insecure          true: no certificate or host name verification at all; {@code caCertificates} is then
 *                          ignored. Only ever an explicit opt-in of the user.
 * @param clientCertificate a PEM certificate (chain, the client's own first) for mutual TLS
 * @param clientKey         the unencrypted PEM private key of {@code clientCertificate} (PKCS#1, PKCS#8 or SEC1 EC);
 *                          empty while {@code clientCertificate} is given: the key is in the certificate file
 * @param noProxy           hosts reached directly even with a proxy, in {@code no_proxy} syntax: {@code *} for all,
 *                          {@code example.com} or {@code .example.com} for that domain and its subdomains,
 *                          {@code host:port}, IP addresses and CIDR ranges; case-insensitive
 * @param connectTimeout    for the TCP connection and the TLS handshake
 * @param responseTimeout   the longest wait for the next bytes of a response
 * @param userAgent         sent with every request
 */
public record HttpSettings(
        Optional<Path> caCertificates,
        boolean insecure,
        Optional<Path> clientCertificate,
        Optional<Path> clientKey,
        Optional<ProxySettings> proxy,
        List<String> noProxy,
        Duration connectTimeout,
        Duration responseTimeout,
        String userAgent) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** virt-who's historical default for rhsm.conf's server_timeout. */
    static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(180);

    public HttpSettings {
        Objects.requireNonNull(caCertificates, "caCertificates");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(proxy, "proxy");
        noProxy = List.copyOf(noProxy);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (clientKey.isPresent() && clientCertificate.isEmpty()) {
            throw new IllegalArgumentException("a client key needs its client certificate");
        }
        if (userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
    }

    /** Verifies with the JVM's trust store, no client certificate, no proxy, 30 s to connect, 180 s to answer. */
    public static HttpSettings defaults(String userAgent) {
        return new HttpSettings(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, userAgent);
    }

    public HttpSettings withCaCertificates(Path p) {
        return new HttpSettings(Optional.of(p), insecure, clientCertificate, clientKey, proxy, noProxy,
                connectTimeout, responseTimeout, userAgent);
    }

    public HttpSettings withInsecure(boolean b) {
        return new HttpSettings(caCertificates, b, clientCertificate, clientKey, proxy, noProxy,
                connectTimeout, responseTimeout, userAgent);
    }

    public HttpSettings withClientCertificate(Path cert, Path key) {
        return new HttpSettings(caCertificates, insecure, Optional.of(cert), Optional.of(key), proxy, noProxy,
                connectTimeout, responseTimeout, userAgent);
    }

    public HttpSettings withProxy(ProxySettings p) {
        return new HttpSettings(caCertificates, insecure, clientCertificate, clientKey, Optional.of(p), noProxy,
                connectTimeout, responseTimeout, userAgent);
    }

    public HttpSettings withNoProxy(List<String> l) {
        return new HttpSettings(caCertificates, insecure, clientCertificate, clientKey, proxy, l,
                connectTimeout, responseTimeout, userAgent);
    }

    public HttpSettings withResponseTimeout(Duration response) {
        return withTimeouts(connectTimeout, response);
    }

    public HttpSettings withTimeouts(Duration connect, Duration response) {
        return new HttpSettings(caCertificates, insecure, clientCertificate, clientKey, proxy, noProxy,
                connect, response, userAgent);
    }

    /** HttpClient reads a zero timeout as "wait forever", which no setting here means. */
    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + timeout);
        }
    }
}
