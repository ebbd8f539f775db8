package org.virtwho.http;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

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
        if (settings.insecure()) {
            return new DefaultClientTlsStrategy(
                    context, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
        }
        // The JDK checks the host name during the handshake, so a mismatch fails like any other verification
        // failure (an SSLHandshakeException caused by a CertificateException), which TlsTrouble explains.
        return new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.BUILTIN, null);
    }
}
