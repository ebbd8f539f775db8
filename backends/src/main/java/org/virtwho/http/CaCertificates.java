package org.virtwho.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a user configured: a PEM file (one or more certificates), or a directory such as
 * rhsm.conf's {@code ca_cert_dir}, of which every {@code *.pem} and {@code *.crt} file is read. Only these are
 * trusted then, not the JVM's defaults as well: that is what OpenSSL does with a CA file, and what users of the
 * Python virt-who expect.
 */
final class CaCertificates {
    private static final String ROLE = "CA certificate file";

    private CaCertificates() {
    }

    static TrustManager[] trustManagers(Path location) throws HttpSetupException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files(location)) {
            certificates.addAll(CertificateFile.read(new SetupFile(ROLE, file)));
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this JVM cannot build a trust store in memory", e);
        }
    }

    private static List<Path> files(Path location) throws HttpSetupException {
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(location)) {
            files = entries.filter(CaCertificates::isCertificateName).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new HttpSetupException(
                    "Cannot read the CA certificate directory " + location + ": " + SetupFile.reason(e), e);
        }
        if (files.isEmpty()) {
            throw new HttpSetupException("The CA certificate directory " + location + " holds no *.pem or *.crt file");
        }
        return files;
    }

    private static boolean isCertificateName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".pem") || name.endsWith(".crt")) && !Files.isDirectory(file);
    }
}
