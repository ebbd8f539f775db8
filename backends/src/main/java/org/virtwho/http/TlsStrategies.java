package org.virtwho.http;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;

/** The TLS side of {@link HttpSettings}: whom to trust, whether to check host names, which certificate to show. */
final class TlsStrategies {

    private TlsStrategies() {
    }

    static TlsSocketStrategy of(HttpSettings settings) throws HttpSetupException {
        KeyManager[] keyManagers = null;
        if (settings.clientCertificate().isPresent()) {
            keyManagers = new KeyManager[] {ClientIdentity.keyManager(settings.clientCertificate().get(),
                    settings.clientKey().orElse(settings.clientCertificate().get()))};
        }
        TrustManager[] trustManagers;
        if (settings.insecure()) {
            trustManagers = new TrustManager[] {new TrustEverything()};
        } else if (settings.caCertificates().isPresent()) {
            trustManagers = CaCertificates.trustManagers(settings.caCertificates().get());
        } else {
            trustManagers = null; // the JVM's default trust store
        }
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot set up TLS", e);
        }
        String[] cipherSuites = chaChaFirst(context.getDefaultSSLParameters().getCipherSuites());
        if (settings.insecure()) {
            return new DefaultClientTlsStrategy(context, null, cipherSuites, SSLBufferMode.STATIC,
                    HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
        }
        // The JDK checks the host name during the handshake, so a mismatch fails like any other verification
        // failure (an SSLHandshakeException caused by a CertificateException), which TlsTrouble explains.
        return new DefaultClientTlsStrategy(context, null, cipherSuites, SSLBufferMode.STATIC,
                HostnameVerificationPolicy.BUILTIN, null);
    }

    /**
     * The JVM's enabled cipher suites, ChaCha20-Poly1305 first. The launcher runs the client compiler only, which
     * has no AES-GCM intrinsics: decrypting a 17 MB vCenter answer took 1 s with AES-128-GCM and 0.2 to 0.5 s with
     * ChaCha20-Poly1305 (bench/README.md). Servers that honour the client's preference (Go, BoringSSL, OpenSSL with
     * its ChaCha20 priority option) then pick it; the others choose as before. Both are modern AEAD ciphers.
     */
    static String[] chaChaFirst(String[] enabled) {
        List<String> ordered = new ArrayList<>(enabled.length);
        for (String suite : enabled) {
            if (suite.contains("CHACHA20")) {
                ordered.add(suite);
            }
        }
        for (String suite : enabled) {
            if (!suite.contains("CHACHA20")) {
                ordered.add(suite);
            }
        }
        return ordered.toArray(String[]::new);
    }
}
