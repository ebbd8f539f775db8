package org.virtwho.backend.hyperv;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Hyper-V and Windows write a GUID with its first three fields in little-endian byte order, the way Windows keeps
 * a GUID in memory, while the guest's own SMBIOS UUID (what subscription-manager reports inside the guest) reads
 * them big-endian. Turning {@code {78563412-AB90-EFCD-1234-567890ABCDEF}} into
 * {@code 12345678-90AB-CDEF-1234-567890ABCDEF} makes the two match, as upstream does.
 */
final class WindowsGuid {
    private static final Pattern GUID = Pattern.compile(
            "\\{?(\\p{XDigit}{8})-(\\p{XDigit}{4})-(\\p{XDigit}{4})-(\\p{XDigit}{4}-\\p{XDigit}{12})}?");

    private WindowsGuid() {
    }

    /** The UUID with the byte order of its first three fields turned, case kept; empty if it is no GUID. */
    static Optional<String> decode(String guid) {
        var match = GUID.matcher(guid.strip());
        if (!match.matches()) {
            return Optional.empty();
        }
        return Optional.of(swapped(match.group(1)) + "-" + swapped(match.group(2)) + "-" + swapped(match.group(3))
                + "-" + match.group(4));
    }

    /** The hex digits of a field with its bytes (pairs of digits) in reverse order. */
    private static String swapped(String field) {
        StringBuilder bytes = new StringBuilder(field.length());
        for (int end = field.length(); end > 0; end -= 2) {
            bytes.append(field, end - 2, end);
        }
        return bytes.toString();
    }
}
