package org.virtwho.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the blocks of a PEM file (RFC 7468), ignoring any text around them as OpenSSL does (certificate bundles
 * often carry a human-readable dump before each certificate).
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {
    }

    static List<PemBlock> read(SetupFile file) throws HttpSetupException {
        // ISO-8859-1 maps every byte to a character, so a binary file is reported as "no PEM block", not as an
        // encoding error.
        String text = new String(file.read(), StandardCharsets.ISO_8859_1);
        List<PemBlock> blocks = new ArrayList<>();
        String label = null;
        boolean headers = false;
        StringBuilder body = new StringBuilder();
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith(BEGIN) && line.endsWith(DASHES)
                        && line.length() > BEGIN.length() + DASHES.length()) {
                    label = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    headers = false;
                    body.setLength(0);
                }
            } else if (line.startsWith(END)) {
                if (!line.equals(END + label + DASHES)) {
                    throw file.problem("is not a valid PEM file: the " + label + " block ends with '" + line + "'");
                }
                blocks.add(new PemBlock(label, decode(file, label, body), headers));
                label = null;
            } else if (line.indexOf(':') >= 0) {
                // RFC 1421 headers (Proc-Type, DEK-Info): only OpenSSL's legacy key encryption writes them.
                headers = true;
            } else {
                body.append(line);
            }
        }
        if (label != null) {
            throw file.problem("is not a valid PEM file: the " + label + " block has no END line");
        }
        return blocks;
    }

    private static byte[] decode(SetupFile file, String label, CharSequence body) throws HttpSetupException {
        try {
            return Base64.getDecoder().decode(body.toString());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: it stays out, as it may be key material.
            throw file.problem("is not a valid PEM file: the " + label + " block is not valid base64");
        }
    }
}
