package org.virtwho.http;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the unencrypted PEM private key of a client certificate, in the three forms OpenSSL writes: PKCS#8
 * ({@code PRIVATE KEY}, RSA or EC), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). Java reads
 * only PKCS#8, so the other two are wrapped into it first; no exception message quotes the key's bytes.
 */
final class PrivateKeyFile {
    /** rsaEncryption, 1.2.840.113549.1.1.1, DER-encoded. */
    private static final byte[] RSA_ENCRYPTION =
            {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1, DER-encoded. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final String EXPECTED = "an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, "
            + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)";

    private PrivateKeyFile() {
    }

    static PrivateKey read(SetupFile file) throws HttpSetupException {
        List<PemBlock> blocks = Pem.read(file);
        PemBlock block = blocks.stream()
                .filter(candidate -> candidate.label().endsWith("PRIVATE KEY"))
                .findFirst()
                .orElseThrow(() -> file.problem(blocks.isEmpty()
                        ? "holds no PEM block; expected " + EXPECTED
                        : "holds no private key (only " + labels(blocks) + "); expected " + EXPECTED));
        if (block.encrypted()) {
            throw file.problem("holds an encrypted private key; virt-who needs it unencrypted "
                    + "(openssl pkey -in ENCRYPTED -out PLAIN writes a decrypted copy)");
        }
        return switch (block.label()) {
            case "PRIVATE KEY" -> fromPkcs8(file, block.der());
            case "RSA PRIVATE KEY" -> fromPkcs1(file, block.der());
            case "EC PRIVATE KEY" -> fromSec1(file, block.der());
            default -> throw file.problem(
                    "holds a " + block.label() + ", which is not supported; expected " + EXPECTED);
        };
    }

    private static PrivateKey fromPkcs8(SetupFile file, byte[] der) throws HttpSetupException {
        String algorithm;
        try {
            // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier ::= SEQUENCE { OID, parameters }, key }
            List<Der.Element> info = Der.parse(der).children();
            byte[] oid = info.get(1).children().get(0).encoded();
            if (Arrays.equals(oid, RSA_ENCRYPTION)) {
                algorithm = "RSA";
            } else if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
                algorithm = "EC";
            } else {
                throw file.problem("holds a private key of an algorithm other than RSA and EC, which is not supported");
            }
        } catch (Der.MalformedDer | IndexOutOfBoundsException e) {
            throw file.problem("holds a malformed PKCS#8 private key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            // The cause stays out, here and below: a parser's message might one day quote the bytes it choked on.
            throw file.problem("holds a malformed " + algorithm + " private key"
                    + ("EC".equals(algorithm) ? " (or one on a curve Java does not support)" : ""));
        }
    }

    /** PKCS#1 RSAPrivateKey: the PKCS#8 form is the same key behind an rsaEncryption AlgorithmIdentifier. */
    private static PrivateKey fromPkcs1(SetupFile file, byte[] der) throws HttpSetupException {
        byte[] pkcs8 = Der.sequence(Der.integer(0), Der.sequence(RSA_ENCRYPTION, Der.nul()), Der.octetString(der));
        try {
            return fromPkcs8(file, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * SEC1 ECPrivateKey ::= SEQUENCE { version 1, privateKey, [0] parameters, [1] publicKey }: the PKCS#8 form
     * names the curve in its AlgorithmIdentifier, so the curve's OID is taken from [0]; the SEC1 structure itself
     * goes inside unchanged.
     */
    private static PrivateKey fromSec1(SetupFile file, byte[] der) throws HttpSetupException {
        byte[] curve;
        try {
            Der.Element parameters = Der.parse(der).children().stream()
                    .filter(element -> element.tag() == Der.CONTEXT_0)
                    .findFirst()
                    .orElseThrow(() -> file.problem("holds an EC private key without the name of its curve, "
                            + "which is not supported; write it as PKCS#8 (openssl pkey -in OLD -out NEW)"));
            Der.Element named = parameters.children().get(0);
            if (named.tag() != Der.OID) {
                throw file.problem("holds an EC private key with explicit curve parameters, which are not "
                        + "supported; only named curves are");
            }
            curve = named.encoded();
        } catch (Der.MalformedDer | IndexOutOfBoundsException e) {
            throw file.problem("holds a malformed EC private key");
        }
        byte[] pkcs8 = Der.sequence(Der.integer(0), Der.sequence(EC_PUBLIC_KEY, curve), Der.octetString(der));
        try {
            return fromPkcs8(file, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static String labels(List<PemBlock> blocks) {
        return blocks.stream().map(PemBlock::label).distinct().collect(Collectors.joining(", "));
    }
}
