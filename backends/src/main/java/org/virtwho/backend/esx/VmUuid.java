package org.virtwho.backend.esx;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UUID a guest reports about itself. From virtual hardware version 13 ({@code vmx-13}) on, vSphere shows
 * {@code config.uuid} with its first three groups in the opposite byte order to the one the guest's firmware
 * gives the guest (Red Hat bug 1809098); upstream swaps them back, and so do we, character for character.
 */
final class VmUuid {
    private static final int FIRST_SWAPPED_VERSION = 13;
    private static final Pattern HARDWARE_VERSION = Pattern.compile("vmx-(\\d+)");
    private static final Pattern UUID = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-.*");

    private VmUuid() {
    }

    /** @param hardwareVersion {@code config.version}, e.g. {@code vmx-19}; null when the server did not say */
    static String of(String configUuid, String hardwareVersion) {
        if (hardwareVersion == null || !UUID.matcher(configUuid).matches()) {
            return configUuid;
        }
        Matcher version = HARDWARE_VERSION.matcher(hardwareVersion.strip());
        if (!version.matches() || !atLeastFirstSwapped(version.group(1))) {
            return configUuid;
        }
        String s = configUuid;
        return s.substring(6, 8) + s.substring(4, 6) + s.substring(2, 4) + s.substring(0, 2) + "-"
                + s.substring(11, 13) + s.substring(9, 11) + "-"
                + s.substring(16, 18) + s.substring(14, 16) + s.substring(18);
    }

    /** Upstream reads the number with Python's {@code int()}, which has no upper bound; so do we. */
    private static boolean atLeastFirstSwapped(String digits) {
        return new BigInteger(digits).compareTo(BigInteger.valueOf(FIRST_SWAPPED_VERSION)) >= 0;
    }
}
