package org.virtwho.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small public key infrastructure for TLS tests (EC P-256 keys but for the RSA client's: RSA key generation
 * takes most of a second), made in a directory with the {@code openssl} command line
 * tool (as a user would make theirs): a CA; a server certificate for {@code localhost} and {@code 127.0.0.1}
 * signed by it, with a PKCS#12 key store for WireMock; a trust store holding the CA, for a server that asks for
 * client certificates; an RSA client certificate {@code CN=<uuid>} with its key as PKCS#1 and PKCS#8 PEM; an EC
 * client certificate with its key as SEC1 and PKCS#8 PEM; and a second, unrelated CA.
 */
public final class TestPki {
    public static final String STORE_PASSWORD = "test-store-password";
    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    private final Path openssl;
    private final Path directory;
    private final String clientName = UUID.randomUUID().toString();

    private TestPki(Path openssl, Path directory) {
        this.openssl = openssl;
        this.directory = directory;
    }

    /** Makes everything in {@code directory}; skips the test (fails it on CI) when openssl is missing. */
    public static TestPki create(Path directory) throws IOException, InterruptedException, GeneralSecurityException {
        TestPki pki = new TestPki(new RequiredTool("openssl", "tls").require(), directory);
        pki.make();
        return pki;
    }

    private void make() throws IOException, InterruptedException, GeneralSecurityException {
        // Our own configuration file, so that no distribution's openssl.cnf adds or clashes with extensions.
        Files.writeString(file("openssl.cnf"), String.join("\n",
                "[req]", "distinguished_name = dn", "[dn]",
                "[v3_ca]", "basicConstraints = critical,CA:TRUE", "keyUsage = critical,keyCertSign,cRLSign",
                "subjectKeyIdentifier = hash", ""));
        makeCa("ca", "virt-who test CA");
        makeCa("other-ca", "unrelated test CA");

        run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                "server.key", "-subj", "/CN=localhost", "-config", "openssl.cnf", "-out", "server.csr");
        sign("server", "serverAuth", "keyUsage = critical,digitalSignature",
                "subjectAltName = DNS:localhost,IP:127.0.0.1");
        run("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-certfile", "ca.pem",
                "-name", "server", "-passout", "pass:" + STORE_PASSWORD, "-out", "server.p12");
        writeTrustStore();

        run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-subj", "/CN=" + clientName,
                "-config", "openssl.cnf", "-out", "client.csr");
        sign("client", "clientAuth", "keyUsage = critical,digitalSignature");
        run("pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        run("pkey", "-in", "client.key", "-out", "client-pkcs8.key");

        run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-client-sec1.key");
        run("req", "-new", "-key", "ec-client-sec1.key", "-subj", "/CN=" + clientName, "-config", "openssl.cnf",
                "-out", "ec-client.csr");
        sign("ec-client", "clientAuth", "keyUsage = critical,digitalSignature");
        run("pkey", "-in", "ec-client-sec1.key", "-out", "ec-client-pkcs8.key");

        Files.createDirectories(file("ca-dir"));
        Files.copy(file("ca.pem"), file("ca-dir/virt-who-ca.pem"));
        Files.copy(file("other-ca.pem"), file("ca-dir/unrelated.crt"));
        Files.writeString(file("ca-dir/README"), "not a certificate: skipped\n");
    }

    private void makeCa(String name, String commonName) throws IOException, InterruptedException {
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                name + ".key", "-subj", "/CN=" + commonName, "-config", "openssl.cnf", "-extensions", "v3_ca",
                "-days", "2", "-sha256", "-out", name + ".pem");
    }

    private void sign(String name, String usage, String... extensions) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of("basicConstraints = CA:FALSE", "extendedKeyUsage = " + usage));
        lines.addAll(List.of(extensions));
        Files.writeString(file(name + ".ext"), String.join("\n", lines) + "\n");
        String serial = "0x" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        run("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", serial,
                "-days", "2", "-sha256", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    /**
     * Written with Java's KeyStore: OpenSSL before 3.2 cannot mark a certificate-only PKCS#12 entry as trusted in
     * the way Java needs, and Java would read such a store as empty.
     */
    private void writeTrustStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate())) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(trustStore())) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    /** Runs {@code openssl} with {@code arguments} in the PKI's directory, for a test that needs one more file. */
    void run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(openssl.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openssl " + arguments[0] + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException("openssl failed (" + process.exitValue() + "): " + String.join(" ", arguments)
                    + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    public Path caCertificate() {
        return file("ca.pem");
    }

    /** Holds the CA (as .pem), the unrelated CA (as .crt) and a README that is not read. */
    public Path caDirectory() {
        return file("ca-dir");
    }

    public Path otherCaCertificate() {
        return file("other-ca.pem");
    }

    /** PKCS#12, password {@link #STORE_PASSWORD}: the server's key and certificate chain. */
    public Path serverKeyStore() {
        return file("server.p12");
    }

    /** PKCS#12, password {@link #STORE_PASSWORD}: the CA, for verifying client certificates. */
    public Path trustStore() {
        return file("trust.p12");
    }

    public String clientName() {
        return clientName;
    }

    public Path clientCertificate() {
        return file("client.pem");
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----} */
    public Path clientKeyPkcs1() {
        return file("client-pkcs1.key");
    }

    /** {@code -----BEGIN PRIVATE KEY-----} */
    public Path clientKeyPkcs8() {
        return file("client-pkcs8.key");
    }

    public Path ecClientCertificate() {
        return file("ec-client.pem");
    }

    /** {@code -----BEGIN EC PRIVATE KEY-----} */
    public Path ecClientKeySec1() {
        return file("ec-client-sec1.key");
    }

    public Path ecClientKeyPkcs8() {
        return file("ec-client-pkcs8.key");
    }
}
