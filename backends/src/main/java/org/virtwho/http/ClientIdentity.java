package org.virtwho.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The certificate and private key a client proves itself with in mutual TLS (Candlepin's consumer certificate,
 * for instance), read from PEM files and checked to belong together: a mismatch would otherwise only show as a
 * puzzling handshake failure on the server's side.
 */
final class ClientIdentity {
    private static final byte[] PROBE = "virt-who client key check".getBytes(StandardCharsets.US_ASCII);

    private ClientIdentity() {
    }

    /** @param keyFile the key's file; the certificate file itself when the key is kept with the certificate */
    static X509ExtendedKeyManager keyManager(Path certificateFile, Path keyFile) throws HttpSetupException {
        SetupFile certificates = new SetupFile("client certificate file", certificateFile);
        List<X509Certificate> chain = CertificateFile.read(certificates);
        SetupFile keySource = new SetupFile("client key file", keyFile);
        PrivateKey key = PrivateKeyFile.read(keySource);
        if (!belongTogether(chain.get(0).getPublicKey(), key)) {
            throw keySource.problem("does not hold the private key of the certificate in " + certificateFile);
        }
        return new ClientKeyManager(chain.toArray(new X509Certificate[0]), key);
    }

    /** Signs with the private key and verifies with the certificate's public key: works alike for RSA and EC. */
    private static boolean belongTogether(PublicKey certified, PrivateKey key) {
        if (!certified.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
