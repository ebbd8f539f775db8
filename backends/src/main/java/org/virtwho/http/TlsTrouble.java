package org.virtwho.http;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns a failed certificate verification into a message a user can act on. The JDK's own words ("PKIX path
 * building failed: unable to find valid certification path to requested target") say neither which server nor
 * what to change.
 */
public final class TlsTrouble {
    private static final int MAX_CAUSES = 32;

    private TlsTrouble() {
    }

    /** Why verification failed, as far as the exception tells. */
    private enum Reason {
        UNTRUSTED("its certificate is not signed by a certificate authority that virt-who trusts"),
        EXPIRED("its certificate (or one of its issuers) has expired or is not valid yet"),
        WRONG_NAME("its certificate is not issued for that host name");

        final String words;

        Reason(String words) {
            this.words = words;
        }
    }

    /**
     * For an {@link IOException} from executing a request: when it is, or is caused by, a failed verification
     * of the server's certificate (an untrusted or expired certificate, a host name mismatch), a message that
     * names the host and both ways out; otherwise empty, and the caller reports the failure as it is.
     *
     * @param host           the server, as the user configured it
     * @param caOption       the setting that gives the CA certificate, e.g. "rhsm.conf ca_cert_dir" or "ca_file"
     * @param insecureOption the setting that turns verification off, e.g. "rhsm.conf insecure"
     */
    public static Optional<String> explain(IOException failure, String host, String caOption, String insecureOption) {
        return reason(failure).map(reason -> "Cannot verify the TLS certificate of " + host + ": " + reason.words
                + ". Either give the certificate of the CA that signed it with " + caOption
                + ", or turn certificate verification off with " + insecureOption
                + " (not recommended: anyone on the way to the server could then pose as it).");
    }

    private static Optional<Reason> reason(Throwable failure) {
        Optional<Reason> found = Optional.empty();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.size() < MAX_CAUSES && seen.add(cause);
                cause = cause.getCause()) {
            Optional<Reason> here = classify(cause);
            // The deepest cause is the most specific: "PKIX path validation failed" wraps "certificate expired".
            if (here.isPresent() && (found.isEmpty() || here.get() != Reason.UNTRUSTED)) {
                found = here;
            }
        }
        return found;
    }

    private static Optional<Reason> classify(Throwable cause) {
        if (cause instanceof SSLPeerUnverifiedException) {
            // HttpClient's own host name check (the JDK's fails the handshake with a CertificateException).
            return Optional.of(Reason.WRONG_NAME);
        }
        if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
            return Optional.of(Reason.EXPIRED);
        }
        if (cause instanceof CertPathValidatorException validation) {
            CertPathValidatorException.Reason why = validation.getReason();
            return Optional.of(why == CertPathValidatorException.BasicReason.EXPIRED
                    || why == CertPathValidatorException.BasicReason.NOT_YET_VALID ? Reason.EXPIRED : Reason.UNTRUSTED);
        }
        if (cause instanceof CertificateException) {
            // The JDK's host name checker says "No subject alternative DNS name matching x found",
            // "No subject alternative names matching IP address x found" or "No name matching x found".
            String message = String.valueOf(cause.getMessage());
            return Optional.of(message.startsWith("No subject alternative") || message.startsWith("No name matching")
                    ? Reason.WRONG_NAME : Reason.UNTRUSTED);
        }
        if (cause instanceof CertPathBuilderException) {
            return Optional.of(Reason.UNTRUSTED);
        }
        return Optional.empty();
    }
}
