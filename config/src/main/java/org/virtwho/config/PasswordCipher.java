package org.virtwho.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and decrypts {@code encrypted_password} values exactly as upstream virt-who does, so that values
 * written by either implementation work with the other: AES-128-CBC with PKCS#7 padding, one key and one IV
 * per machine, both kept in the key file as two lines of lowercase hex.
 *
 * <p>Reusing the IV means equal passwords give equal ciphertext. That is weak, but it is what existing
 * configuration files and key files depend on.
 */
public final class PasswordCipher {
    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";
    private static final int KEY_BYTES = 16;
    private static final String MALFORMED = "malformed: expected two lines of 32 hex digits";
    private static final HexFormat HEX = HexFormat.of();

    private final Path keyFile;

    public PasswordCipher(Path keyFile) {
        this.keyFile = keyFile;
    }

    public Secret decrypt(String hex) throws KeyFileException, UndecryptablePasswordException {
        Key key = readKey();
        try {
            byte[] ciphertext = HEX.parseHex(hex);
            if (ciphertext.length == 0) {
                // Java would decrypt nothing to nothing, but padding makes even "" encrypt to a full block.
                throw new UndecryptablePasswordException();
            }
            byte[] plain = apply(Cipher.DECRYPT_MODE, key, ciphertext);
            // Upstream would turn invalid UTF-8 into an exception as well; replacement characters would
            // only produce a wrong password that fails much later and far less clearly.
            return Secret.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString());
        } catch (IllegalArgumentException | GeneralSecurityException | CharacterCodingException e) {
            // The cause is dropped on purpose: some of these messages quote the offending input.
            throw new UndecryptablePasswordException();
        }
    }

    public String encrypt(Secret plaintext) throws KeyFileException {
        Key key = Files.notExists(keyFile) ? createKey() : readKey();
        try {
            return HEX.formatHex(apply(Cipher.ENCRYPT_MODE, key, plaintext.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide AES/CBC/PKCS5Padding, and encryption cannot hit bad padding.
            throw new IllegalStateException("AES is not usable in this Java runtime", e);
        }
    }

    private static byte[] apply(int mode, Key key, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key.key(), "AES"), new IvParameterSpec(key.iv()));
        return cipher.doFinal(input);
    }

    private Key readKey() throws KeyFileException {
        String content;
        try {
            content = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (CharacterCodingException e) {
            throw new KeyFileException(readFailure(MALFORMED), false, null);
        } catch (IOException e) {
            throw new KeyFileException(readFailure(reason(e)), e instanceof AccessDeniedException, e);
        }
        String[] lines = content.strip().split("\\R");
        if (lines.length != 2) {
            throw new KeyFileException(readFailure(MALFORMED), false, null);
        }
        try {
            byte[] key = HEX.parseHex(lines[0].strip());
            byte[] iv = HEX.parseHex(lines[1].strip());
            if (key.length == KEY_BYTES && iv.length == KEY_BYTES) {
                return new Key(key, iv);
            }
        } catch (IllegalArgumentException e) {
            // Not chained: the message would quote part of the key.
        }
        throw new KeyFileException(readFailure(MALFORMED), false, null);
    }

    private Key createKey() throws KeyFileException {
        SecureRandom random = new SecureRandom();
        Key key = new Key(randomBytes(random), randomBytes(random));
        String content = HEX.formatHex(key.key()) + "\n" + HEX.formatHex(key.iv()) + "\n";
        try {
            Files.createDirectories(keyFile.toAbsolutePath().getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw creationFailure(e);
        }
        // Created with its final permissions in one step, so the key is never readable by others, not even
        // between creating and restricting the file.
        try (SeekableByteChannel channel = Files.newByteChannel(keyFile,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
            return key;
        } catch (FileAlreadyExistsException e) {
            // Another virt-who-password won the race; its key is as good as ours.
            return readKey();
        } catch (IOException e) {
            throw creationFailure(e);
        }
    }

    private KeyFileException creationFailure(IOException e) {
        return new KeyFileException("Key file " + keyFile + " doesn't exist and can't be created: " + reason(e),
                e instanceof AccessDeniedException, e);
    }

    private static byte[] randomBytes(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private String readFailure(String reason) {
        return "Unable to read key file " + keyFile + ": " + reason;
    }

    /** The strerror-like wording people know from upstream and from every other tool on the system. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private record Key(byte[] key, byte[] iv) {
    }
}
