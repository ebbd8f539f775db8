package org.virtwho.backend.libvirt;

import java.util.Optional;
import org.libvirt.ConnectAuth;
import org.virtwho.config.Secret;

/**
 * Answers libvirt's authentication questions (SASL over tcp, for instance) with the section's
 * {@code username} and {@code password}. SSH transports never ask: they use the user's keys.
 */
final class LibvirtCredentials extends ConnectAuth {
    private final String username;
    private final Secret password;

    private LibvirtCredentials(String username, Secret password) {
        this.username = username;
        this.password = password;
        credType = new CredentialType[] {CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_PASSPHRASE};
    }

    /** @return empty when there is no password to give, so the connection opens without a callback */
    static Optional<LibvirtCredentials> of(Optional<String> username, Optional<Secret> password) {
        return password.map(secret -> new LibvirtCredentials(username.orElse(""), secret));
    }

    @Override
    public int callback(Credential[] credentials) {
        for (Credential credential : credentials) {
            switch (credential.type) {
                case VIR_CRED_AUTHNAME, VIR_CRED_USERNAME -> credential.result = username;
                case VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT -> credential.result = password.reveal();
                default -> {
                    return -1;
                }
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "LibvirtCredentials[username=" + username + ", password=" + password + "]";
    }
}
