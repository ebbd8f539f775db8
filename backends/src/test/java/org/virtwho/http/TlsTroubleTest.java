package org.virtwho.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/** {@link TlsTrouble} on the exception chains the JDK and HttpClient produce (real ones: HttpClientFactoryTest). */
class TlsTroubleTest {
    private static final String HOST = "candlepin.example.com";

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException failure = new SSLHandshakeException(message);
        failure.initCause(cause);
        return failure;
    }

    private static String explain(IOException failure) {
        return TlsTrouble.explain(failure, HOST, "rhsm.conf ca_cert_dir", "rhsm.conf insecure").orElse(null);
    }

    @Test
    void anUntrustedCertificateNamesTheHostAndBothWaysOut() {
        CertificateException pkix = new CertificateException("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target"));

        assertThat(explain(handshake("PKIX path building failed", pkix)))
                .contains(HOST, "not signed by a certificate authority", "rhsm.conf ca_cert_dir", "rhsm.conf insecure");
    }

    @Test
    void anExpiredCertificateSaysSo() {
        CertPathValidatorException validation = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: ..."), null, -1,
                CertPathValidatorException.BasicReason.EXPIRED);
        CertificateException pkix = new CertificateException("PKIX path validation failed", validation);

        assertThat(explain(handshake("PKIX path validation failed", pkix))).contains("expired", HOST);
    }

    @Test
    void aHostNameMismatchSaysSo() {
        CertificateException jdk = new CertificateException("No subject alternative DNS name matching " + HOST + " found.");
        IOException client = new SSLPeerUnverifiedException("Certificate for <" + HOST + "> doesn't match");

        assertThat(explain(handshake(jdk.getMessage(), jdk))).contains("not issued for that host name");
        assertThat(explain(client)).contains("not issued for that host name", "rhsm.conf insecure");
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertThat(explain(new ConnectException("Connection refused"))).isNull();
        assertThat(explain(new SSLHandshakeException("Received fatal alert: certificate_required"))).isNull();
        assertThat(explain(new SSLHandshakeException("No appropriate protocol"))).isNull();
    }

    @Test
    void aCauseCycleEndsTheSearch() {
        IOException first = new IOException("first");
        IOException second = new IOException("second", first);
        first.initCause(second);

        assertThat(explain(first)).isNull();
    }
}
