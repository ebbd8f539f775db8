package org.virtwho.http;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER (X.690) to turn the private key formats OpenSSL writes into the PKCS#8 form that Java's
 * {@link java.security.KeyFactory} reads: walk a structure's elements, and write a few element types.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0], constructed: where SEC1 keeps an EC key's curve. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** One element of a DER buffer: its tag and where its content is. */
    record Element(byte[] buffer, int tag, int start, int contentStart, int end) {

        /** The whole element, tag and length included. */
        byte[] encoded() {
            return Arrays.copyOfRange(buffer, start, end);
        }

        /** The elements inside a constructed element (a SEQUENCE, a context-specific tag). */
        List<Element> children() throws MalformedDer {
            List<Element> children = new ArrayList<>();
            int offset = contentStart;
            while (offset < end) {
                Element child = read(buffer, offset, end);
                children.add(child);
                offset = child.end;
            }
            return children;
        }

        @Override
        public String toString() {
            return "Der.Element[tag=0x" + Integer.toHexString(tag) + ", length=" + (end - contentStart) + "]";
        }
    }

    /** The buffer is not the DER structure it should be; the message never quotes its bytes. */
    static final class MalformedDer extends Exception {
        MalformedDer(String message) {
            super(message);
        }
    }

    /** The single element that fills {@code der} entirely. */
    static Element parse(byte[] der) throws MalformedDer {
        Element element = read(der, 0, der.length);
        if (element.end != der.length) {
            throw new MalformedDer("trailing bytes after the DER structure");
        }
        return element;
    }

    private static Element read(byte[] buffer, int start, int limit) throws MalformedDer {
        if (limit - start < 2) {
            throw new MalformedDer("truncated DER element");
        }
        int tag = buffer[start] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new MalformedDer("multi-byte DER tags are not expected here");
        }
        int offset = start + 1;
        int first = buffer[offset++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > 4 || offset + octets > limit) {
                throw new MalformedDer("bad DER length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (buffer[offset++] & 0xFF);
            }
        }
        if (length > limit - offset) {
            throw new MalformedDer("DER length beyond the end of the data");
        }
        return new Element(buffer, tag, start, offset, offset + (int) length);
    }

    /** An element with {@code tag} around {@code parts}, concatenated. */
    static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, parts);
    }

    /** A small non-negative INTEGER (a version number). */
    static byte[] integer(int value) {
        if (value < 0 || value > 0x7F) {
            throw new IllegalArgumentException("only small versions are written: " + value);
        }
        return new byte[] {INTEGER, 1, (byte) value};
    }

    static byte[] octetString(byte[] content) {
        return element(OCTET_STRING, content);
    }

    static byte[] nul() {
        return new byte[] {NULL, 0};
    }
}
