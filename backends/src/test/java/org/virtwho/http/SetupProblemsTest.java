package org.virtwho.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CA, certificate and key files that cannot work: HttpSetupException naming the file and never key material. */
class SetupProblemsTest {
    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;

    @TempDir
    Path directory;

    private final HttpClientFactory factory = new HttpClientFactory();

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(pkiDirectory);
    }

    private static HttpSettings settings() {
        return HttpSettings.defaults("virt-who-test");
    }

    private String problem(HttpSettings settings) throws IOException {
        HttpSetupException failure = catchThrowableOfType(HttpSetupException.class, () -> factory.create(settings).close());
        assertThat(failure).as("an HttpSetupException").isNotNull();
        return failure.getMessage();
    }

    private String keyProblem(Path key) throws IOException {
        return problem(settings().withClientCertificate(pki.clientCertificate(), key));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    /** The base64 lines of a PEM file, which must never appear in a message. */
    private static List<String> body(Path pem) throws IOException {
        return Files.readAllLines(pem).stream()
                .filter(line -> !line.startsWith("-----") && line.length() > 16)
                .collect(Collectors.toList());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    @Test
    void aMissingCaFile() throws IOException {
        Path missing = directory.resolve("missing-ca.pem");

        assertThat(problem(settings().withCaCertificates(missing)))
                .isEqualTo("Cannot read the CA certificate file " + missing + ": no such file");
    }

    @Test
    void aCaFileThatIsNotPem() throws IOException {
        Path garbage = write("garbage.pem", new byte[] {0, 1, 2, (byte) 0xFF, '\n', 'x'});

        assertThat(problem(settings().withCaCertificates(garbage)))
                .contains("CA certificate file " + garbage, "holds no PEM certificate");
    }

    @Test
    void aCaFileWithABrokenCertificate() throws IOException {
        Path broken = write("broken.pem", pem("CERTIFICATE", "not DER at all".getBytes(StandardCharsets.US_ASCII)));
        Path badBase64 = write("bad-base64.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        Path unterminated = write("unterminated.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n");

        assertThat(problem(settings().withCaCertificates(broken))).contains(broken.toString(), "malformed certificate");
        assertThat(problem(settings().withCaCertificates(badBase64))).contains(badBase64.toString(), "not valid base64");
        assertThat(problem(settings().withCaCertificates(unterminated))).contains(unterminated.toString(), "no END line");
    }

    @Test
    void aCaDirectoryWithoutCertificatesOrWithABadOne() throws IOException {
        Path empty = Files.createDirectory(directory.resolve("empty"));
        write("empty/README", "nothing here");
        Path mixed = Files.createDirectory(directory.resolve("mixed"));
        Files.copy(pki.caCertificate(), mixed.resolve("good.pem"));
        Path bad = write("mixed/bad.crt", "not a certificate");

        assertThat(problem(settings().withCaCertificates(empty)))
                .isEqualTo("The CA certificate directory " + empty + " holds no *.pem or *.crt file");
        assertThat(problem(settings().withCaCertificates(mixed))).contains(bad.toString(), "holds no PEM certificate");
    }

    @Test
    void insecureDoesNotReadTheCaFile() throws Exception {
        factory.create(settings().withCaCertificates(directory.resolve("missing.pem")).withInsecure(true)).close();
    }

    @Test
    void aClientCertificateThatIsNotOne() throws IOException {
        Path garbage = write("client.pem", "garbage");

        assertThat(problem(settings().withClientCertificate(garbage, pki.clientKeyPkcs8())))
                .contains("client certificate file " + garbage, "holds no PEM certificate");
    }

    @Test
    void keyFilesWithoutAKey() throws IOException {
        Path garbage = write("garbage.key", "garbage");
        Path directoryAsKey = Files.createDirectory(directory.resolve("key-dir"));

        assertThat(keyProblem(garbage)).contains("client key file " + garbage, "holds no PEM block", "BEGIN PRIVATE KEY");
        assertThat(keyProblem(pki.caCertificate()))
                .contains("client key file " + pki.caCertificate(), "holds no private key (only CERTIFICATE)");
        assertThat(keyProblem(directoryAsKey)).contains(directoryAsKey.toString(), "is a directory");
        assertThat(keyProblem(directory.resolve("missing.key"))).contains("missing.key", "no such file");
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() throws Exception {
        pki.run("pkey", "-in", pki.clientKeyPkcs8().toString(), "-aes256", "-passout", "pass:key-passphrase",
                "-out", "encrypted-pkcs8.key");
        Path legacy = write("legacy.key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThat(keyProblem(pki.file("encrypted-pkcs8.key"))).contains("encrypted-pkcs8.key", "encrypted", "openssl pkey");
        assertThat(keyProblem(legacy)).contains(legacy.toString(), "encrypted");
    }

    @Test
    void unsupportedKeysAreNamed() throws Exception {
        pki.run("genpkey", "-algorithm", "ed25519", "-out", "ed25519.key");
        pki.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-param_enc", "explicit", "-out", "explicit.key");
        Path dsa = write("dsa.key", pem("DSA PRIVATE KEY", new byte[] {0x30, 0}));

        assertThat(keyProblem(pki.file("ed25519.key"))).contains("ed25519.key", "other than RSA and EC");
        assertThat(keyProblem(pki.file("explicit.key"))).contains("explicit.key", "explicit curve parameters");
        assertThat(keyProblem(dsa)).contains(dsa.toString(), "DSA PRIVATE KEY", "not supported");
    }

    @Test
    void aMalformedKeyNeverShowsItsBytes() throws IOException {
        // A real PKCS#1 key cut short: valid PEM, broken DER.
        byte[] der = Base64.getMimeDecoder().decode(String.join("", body(pki.clientKeyPkcs1())));
        Path truncated = write("truncated.key", pem("RSA PRIVATE KEY", Arrays.copyOf(der, der.length / 2)));
        Path badDer = write("bad-der.key", pem("PRIVATE KEY", Arrays.copyOf(der, 64)));

        String truncatedProblem = keyProblem(truncated);
        String badDerProblem = keyProblem(badDer);

        assertThat(truncatedProblem).contains(truncated.toString(), "malformed RSA private key");
        assertThat(badDerProblem).contains(badDer.toString(), "malformed");
        for (String line : body(pki.clientKeyPkcs1())) {
            assertThat(truncatedProblem).doesNotContain(line.substring(0, 16));
            assertThat(badDerProblem).doesNotContain(line.substring(0, 16));
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws IOException {
        String otherAlgorithm = problem(settings().withClientCertificate(pki.clientCertificate(), pki.ecClientKeySec1()));
        Path otherEcKey = pki.file("server.key");
        String sameAlgorithm = problem(settings().withClientCertificate(pki.ecClientCertificate(), otherEcKey));

        assertThat(otherAlgorithm).isEqualTo("The client key file " + pki.ecClientKeySec1()
                + " does not hold the private key of the certificate in " + pki.clientCertificate());
        assertThat(sameAlgorithm).contains(otherEcKey.toString(), "does not hold the private key");
    }

    @Test
    void everyKeyFormatReadsAsTheSameKey() throws HttpSetupException {
        PrivateKey pkcs1 = PrivateKeyFile.read(new SetupFile("client key file", pki.clientKeyPkcs1()));
        PrivateKey pkcs8 = PrivateKeyFile.read(new SetupFile("client key file", pki.clientKeyPkcs8()));
        PrivateKey sec1 = PrivateKeyFile.read(new SetupFile("client key file", pki.ecClientKeySec1()));
        PrivateKey ecPkcs8 = PrivateKeyFile.read(new SetupFile("client key file", pki.ecClientKeyPkcs8()));

        assertThat(((RSAPrivateCrtKey) pkcs1).getPrivateExponent())
                .isEqualTo(((RSAPrivateCrtKey) pkcs8).getPrivateExponent());
        assertThat(((ECPrivateKey) sec1).getS()).isEqualTo(((ECPrivateKey) ecPkcs8).getS());
        assertThat(((ECPrivateKey) sec1).getParams().getCurve())
                .isEqualTo(((ECPrivateKey) ecPkcs8).getParams().getCurve());
    }
}
