package org.virtwho.backend.hyperv;

import java.util.Optional;

/**
 * A Windows account as the user wrote it: {@code DOMAIN&#92;user}, or {@code user} (a local account, or a user
 * principal name such as {@code user@example.com}, which NTLM passes on as it is).
 *
 * @param written as configured: Basic authentication sends this, and messages name the account so
 */
record AccountName(String written, Optional<String> domain, String user) {

    static AccountName parse(String written) {
        int backslash = written.indexOf('\\');
        if (backslash > 0 && backslash < written.length() - 1) {
            return new AccountName(written, Optional.of(written.substring(0, backslash)),
                    written.substring(backslash + 1));
        }
        return new AccountName(written, Optional.empty(), written);
    }
}
