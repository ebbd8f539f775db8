package org.virtwho.backend.hyperv;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * NTLM messages as MS-NLMP section 2.2.1 lays them out: a CHALLENGE_MESSAGE such as a Windows server sends, and
 * the fields of the AUTHENTICATE_MESSAGE a client answers with.
 */
final class NtlmMessages {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UNICODE = 0x00000001;
    private static final int REQUEST_TARGET = 0x00000004;
    private static final int NTLM = 0x00000200;
    private static final int ALWAYS_SIGN = 0x00008000;
    private static final int TARGET_TYPE_DOMAIN = 0x00010000;
    private static final int EXTENDED_SESSION_SECURITY = 0x00080000;
    private static final int TARGET_INFO = 0x00800000;
    private static final int VERSION = 0x02000000;
    private static final int KEY_128 = 0x20000000;
    private static final int KEY_EXCHANGE = 0x40000000;
    private static final int KEY_56 = 0x80000000;

    private NtlmMessages() {
    }

    /** A CHALLENGE_MESSAGE of domain EXAMPLE, server HV01, in base64 as it goes into WWW-Authenticate. */
    static String challenge() {
        byte[] target = utf16("EXAMPLE");
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        avPair(info, 2, utf16("EXAMPLE"));   // MsvAvNbDomainName
        avPair(info, 1, utf16("HV01"));      // MsvAvNbComputerName
        avPair(info, 4, utf16("example.com")); // MsvAvDnsDomainName
        avPair(info, 3, utf16("hv01.example.com")); // MsvAvDnsComputerName
        byte[] timestamp = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(133_000_000_000_000_000L).array();
        avPair(info, 7, timestamp);          // MsvAvTimestamp
        avPair(info, 0, new byte[0]);        // MsvAvEOL
        byte[] targetInfo = info.toByteArray();

        int header = 56;
        ByteBuffer message = ByteBuffer.allocate(header + target.length + targetInfo.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        message.put(SIGNATURE).putInt(2);
        message.putShort((short) target.length).putShort((short) target.length).putInt(header);
        message.putInt(UNICODE | REQUEST_TARGET | NTLM | ALWAYS_SIGN | TARGET_TYPE_DOMAIN | EXTENDED_SESSION_SECURITY
                | TARGET_INFO | VERSION | KEY_128 | KEY_EXCHANGE | KEY_56);
        message.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // ServerChallenge
        message.put(new byte[8]);                       // Reserved
        message.putShort((short) targetInfo.length).putShort((short) targetInfo.length)
                .putInt(header + target.length);
        message.put(new byte[] {10, 0, 0x7c, 0x4f, 0, 0, 0, 15}); // Version: Windows 10.0 build 20348, NTLM rev 15
        message.put(target).put(targetInfo);
        return Base64.getEncoder().encodeToString(message.array());
    }

    /** The message type (1, 2 or 3) of a base64 NTLM message. */
    static int type(String base64) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    /** DomainName of an AUTHENTICATE_MESSAGE (Unicode). */
    static String domain(String base64) {
        return field(base64, 28);
    }

    /** UserName of an AUTHENTICATE_MESSAGE (Unicode). */
    static String user(String base64) {
        return field(base64, 36);
    }

    private static String field(String base64, int at) {
        ByteBuffer message = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        int length = Short.toUnsignedInt(message.getShort(at));
        int offset = message.getInt(at + 4);
        return new String(message.array(), offset, length, StandardCharsets.UTF_16LE);
    }

    private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
        ByteBuffer pair = ByteBuffer.allocate(4 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        pair.putShort((short) id).putShort((short) value.length).put(value);
        out.writeBytes(pair.array());
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16LE);
    }
}
