package org.virtwho.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordCipherTest {
    private static final String KEY = "06a9214036b8a15b512e03d534120006";
    private static final String IV = "3dafba429d9eb430b422da802c9fac41";
    private static final String KEY_FILE = KEY + "\n" + IV + "\n";
    private static final Path VECTORS = Path.of("shared", "fixtures", "passwords", "vectors.json");

    @TempDir
    Path temp;

    /** Produced by upstream virt-who; they keep the cipher pinned even where the shared fixtures are absent. */
    static Stream<Arguments> pinnedUpstreamVectors() {
        return Stream.of(
                Arguments.of("password", "274ea8fca4b157dce80a7002826601ef"),
                Arguments.of("", "79bbff7c3e845f5abf59a1f30129d9d4"),
                Arguments.of("0123456789abcdef", "f65754145425500afadef5857804ef98915159dfa57c537a5c4c3cac3acee9da"),
                Arguments.of("\u2023", "bbd1f60b9ac889a4bddad7e20d2a6933"));
    }

    @ParameterizedTest
    @MethodSource
    void pinnedUpstreamVectors(String plaintext, String ciphertext) throws Exception {
        PasswordCipher cipher = new PasswordCipher(keyFile(KEY_FILE));

        assertThat(cipher.encrypt(Secret.of(plaintext))).isEqualTo(ciphertext);
        assertThat(cipher.decrypt(ciphertext).reveal()).isEqualTo(plaintext);
    }

    @TestFactory
    Stream<DynamicTest> upstreamVectorsFromSharedFixtures() throws IOException {
        Path vectors = findVectors().orElse(null);
        if (vectors == null) {
            String why = "no " + VECTORS + " in " + Path.of("").toAbsolutePath() + " or any directory above it";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; CI=true requires the shared fixtures");
            }
            Assumptions.abort(why + "; skipping the upstream vectors (the pinned ones still run)");
        }
        Fixture fixture = Fixture.read(vectors);
        assertThat(fixture.vectors()).isNotEmpty();
        PasswordCipher cipher = new PasswordCipher(keyFile(fixture.keyFileContents()));
        return fixture.vectors().stream().map(vector -> DynamicTest.dynamicTest(
                "\"" + vector.plaintext() + "\"", () -> {
                    assertThat(cipher.encrypt(Secret.of(vector.plaintext()))).isEqualTo(vector.ciphertext());
                    assertThat(cipher.decrypt(vector.ciphertext()).reveal()).isEqualTo(vector.plaintext());
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "secret", "exactly16bytes!!", "p\u00e4ssw\u00f6rd \ud83d\udd11", "with\nnewline",
            "a rather long password that spans several AES blocks, just to be sure about chaining"})
    void roundTripsThroughAFreshKeyFile(String plaintext) throws Exception {
        PasswordCipher cipher = new PasswordCipher(temp.resolve("var/lib/virt-who/key"));

        String ciphertext = cipher.encrypt(Secret.of(plaintext));

        assertThat(ciphertext).matches("([0-9a-f]{32})+");
        assertThat(cipher.decrypt(ciphertext).reveal()).isEqualTo(plaintext);
    }

    @Test
    void emptyPasswordIsOneFullBlockOfPadding() throws Exception {
        PasswordCipher cipher = new PasswordCipher(keyFile(KEY_FILE));

        assertThat(cipher.encrypt(Secret.of(""))).hasSize(32);
        assertThat(cipher.decrypt(cipher.encrypt(Secret.of(""))).isEmpty()).isTrue();
    }

    @Test
    void encryptCreatesAPrivateKeyFileInAPrivateDirectory() throws Exception {
        Path keyFile = temp.resolve("var/lib/virt-who/key");

        new PasswordCipher(keyFile).encrypt(Secret.of("password"));

        assertThat(Files.readString(keyFile)).matches("[0-9a-f]{32}\n[0-9a-f]{32}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void encryptKeepsAnExistingKeyFile() throws Exception {
        Path keyFile = keyFile(KEY_FILE);
        PasswordCipher cipher = new PasswordCipher(keyFile);

        assertThat(cipher.encrypt(Secret.of("password"))).isEqualTo("274ea8fca4b157dce80a7002826601ef");
        assertThat(Files.readString(keyFile)).isEqualTo(KEY_FILE);
    }

    @Test
    void everyNewKeyFileHasItsOwnKey() throws Exception {
        Path first = temp.resolve("one/key");
        Path second = temp.resolve("two/key");

        String a = new PasswordCipher(first).encrypt(Secret.of("password"));
        String b = new PasswordCipher(second).encrypt(Secret.of("password"));

        assertThat(Files.readString(first)).isNotEqualTo(Files.readString(second));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void decryptWithoutKeyFileNamesThePathAndCreatesNothing() {
        Path keyFile = temp.resolve("var/lib/virt-who/key");

        assertThatThrownBy(() -> new PasswordCipher(keyFile).decrypt("274ea8fca4b157dce80a7002826601ef"))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("Unable to read key file " + keyFile + ": No such file or directory")
                .satisfies(e -> assertThat(((KeyFileException) e).permissionDenied()).isFalse());
        assertThat(keyFile.getParent()).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", KEY + "\n", KEY + IV + "\n", KEY + "\n" + IV + "\n" + IV + "\n",
            "06a9214036b8a15b512e03d53412000\n" + IV + "\n", "zza9214036b8a15b512e03d534120006\n" + IV + "\n",
            KEY + "00\n" + IV + "\n", "\u00e9\n"})
    void malformedKeyFileIsReportedWithoutQuotingIt(String contents) throws Exception {
        Path keyFile = keyFile(contents);

        assertThatThrownBy(() -> new PasswordCipher(keyFile).decrypt("274ea8fca4b157dce80a7002826601ef"))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("Unable to read key file " + keyFile + ": malformed: expected two lines of 32 hex digits")
                .hasNoCause();
        assertThatThrownBy(() -> new PasswordCipher(keyFile).encrypt(Secret.of("password")))
                .isInstanceOf(KeyFileException.class)
                .hasMessageNotContaining(KEY.substring(2))
                .hasMessageNotContaining(IV)
                .hasMessageNotContaining("password");
    }

    @Test
    void keyFileBelowAPlainFileIsReported() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("file"), "");
        Path keyFile = notADirectory.resolve("virt-who/key");

        assertThatThrownBy(() -> new PasswordCipher(keyFile).encrypt(Secret.of("password")))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("Unable to read key file " + keyFile + ": Not a directory")
                .satisfies(e -> assertThat(((KeyFileException) e).permissionDenied()).isFalse());
    }

    @Test
    void keyFileInAnUnwritableDirectoryIsAPermissionProblem() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path directory = Files.createDirectory(temp.resolve("locked"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        Path keyFile = directory.resolve("key");

        assertThatThrownBy(() -> new PasswordCipher(keyFile).encrypt(Secret.of("password")))
                .isInstanceOf(KeyFileException.class)
                .hasMessage("Key file " + keyFile + " doesn't exist and can't be created: Permission denied")
                .satisfies(e -> assertThat(((KeyFileException) e).permissionDenied()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                                   // nothing at all
        "274ea8fca4b157dce80a7002826601e",                                    // odd number of digits
        "274ea8fca4b157dce80a7002826601eg",                                   // not hex
        "274ea8fca4b157dce80a70028266",                                       // not a whole block
        "274ea8fca4b157dce80a7002826601ef00",                                 // one byte too many
        "274ea8fca4b157dce80a7002826601ee",                                   // last byte flipped
        "f65754145425500afadef5857804ef99915159dfa57c537a5c4c3cac3acee9da",   // padding 0x10 turned into 0x11
        "f65754145425500afadef5857804ef98",                                   // first block of two alone
    })
    void corruptedCiphertextIsUndecryptable(String ciphertext) throws Exception {
        PasswordCipher cipher = new PasswordCipher(keyFile(KEY_FILE));

        assertThatThrownBy(() -> cipher.decrypt(ciphertext))
                .isInstanceOf(UndecryptablePasswordException.class)
                .hasMessageStartingWith("cannot be decrypted, possibly corrupted")
                .hasNoCause()
                .satisfies(e -> {
                    if (!ciphertext.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(ciphertext);
                    }
                });
    }

    @Test
    void ciphertextOfInvalidUtf8IsUndecryptable() throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        HexFormat hex = HexFormat.of();
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex.parseHex(KEY), "AES"), new IvParameterSpec(hex.parseHex(IV)));
        String ciphertext = hex.formatHex(aes.doFinal(new byte[] {'a', (byte) 0xff, 'b'}));

        assertThatThrownBy(() -> new PasswordCipher(keyFile(KEY_FILE)).decrypt(ciphertext))
                .isInstanceOf(UndecryptablePasswordException.class)
                .hasMessageNotContaining(ciphertext);
    }

    @Test
    void passwordEncryptedWithAnotherKeyIsUndecryptable() throws Exception {
        String ciphertext = new PasswordCipher(temp.resolve("other/key")).encrypt(Secret.of("password"));

        assertThatThrownBy(() -> new PasswordCipher(keyFile(KEY_FILE)).decrypt(ciphertext))
                .isInstanceOf(UndecryptablePasswordException.class)
                .hasMessageNotContaining(ciphertext)
                .hasMessageNotContaining("password");
    }

    private Path keyFile(String contents) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("fixed"));
        return Files.writeString(directory.resolve("key"), contents, StandardCharsets.UTF_8);
    }

    /** The shared fixtures sit beside the repository, whichever module directory the tests run in. */
    private static Optional<Path> findVectors() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(VECTORS);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Vector(String plaintext, String ciphertext) {
    }

    private record Fixture(String keyFileContents, List<Vector> vectors) {
        static Fixture read(Path file) throws IOException {
            String keyFileContents = null;
            List<Vector> vectors = new ArrayList<>();
            try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
                expect(parser.nextToken(), JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "keyfile_contents" -> keyFileContents = parser.getText();
                        case "vectors" -> {
                            expect(parser.currentToken(), JsonToken.START_ARRAY);
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                vectors.add(readVector(parser));
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
            }
            assertThat(keyFileContents).as("keyfile_contents in %s", file).isNotNull();
            return new Fixture(keyFileContents, vectors);
        }

        private static Vector readVector(JsonParser parser) throws IOException {
            String plaintext = null;
            String ciphertext = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "plaintext" -> plaintext = parser.getText();
                    case "encrypted_password" -> ciphertext = parser.getText();
                    default -> parser.skipChildren();
                }
            }
            assertThat(plaintext).as("plaintext").isNotNull();
            assertThat(ciphertext).as("encrypted_password").isNotNull();
            return new Vector(plaintext, ciphertext);
        }

        private static void expect(JsonToken actual, JsonToken expected) {
            assertThat(actual).as("JSON token").isEqualTo(expected);
        }
    }
}
