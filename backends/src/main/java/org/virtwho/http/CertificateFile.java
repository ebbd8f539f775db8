package org.virtwho.http;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the X.509 certificates of a PEM file, in the file's order; other blocks (a private key, say) are skipped. */
final class CertificateFile {
    private static final String LABEL = "CERTIFICATE";

    private CertificateFile() {
    }

    /** @return at least one certificate */
    static List<X509Certificate> read(SetupFile file) throws HttpSetupException {
        List<PemBlock> blocks = Pem.read(file);
        CertificateFactory factory = x509();
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (!LABEL.equals(block.label())) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw file.problem("holds a malformed certificate (number " + (certificates.size() + 1)
                        + " in the file): " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw file.problem("holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)");
        }
        return certificates;
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM cannot read X.509 certificates", e);
        }
    }
}
