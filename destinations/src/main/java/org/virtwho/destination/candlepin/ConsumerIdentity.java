package org.virtwho.destination.candlepin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** This registered system's consumer UUID: the common name of its identity certificate, as the server reads it. */
final class ConsumerIdentity {
    private ConsumerIdentity() {
    }

    static String uuid(Path certificate) throws IOException {
        X509Certificate parsed;
        try (InputStream in = Files.newInputStream(certificate)) {
            parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(certificate + " is not a PEM certificate: " + e.getMessage(), e);
        }
        try {
            for (Rdn rdn : new LdapName(parsed.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new IOException(certificate + " has an unreadable subject: " + e.getMessage(), e);
        }
        throw new IOException(certificate + " names no consumer (its subject has no CN)");
    }
}
