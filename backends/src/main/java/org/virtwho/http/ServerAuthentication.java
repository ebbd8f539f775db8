package org.virtwho.http;

import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.core5.http.config.Lookup;

/**
 * How a client authenticates to the server itself (as opposed to its proxy), for servers that ask with a
 * challenge ({@code 401} and {@code WWW-Authenticate}) rather than taking a fixed header.
 *
 * @param schemes     the authentication schemes the client may answer a challenge with, by scheme name
 * @param preference  scheme names, most preferred first: of the schemes a server offers, the first of these wins;
 *                    a scheme missing here is never used
 * @param credentials the server's credentials; the proxy's, if any, are still looked up from the proxy settings
 */
public record ServerAuthentication(Lookup<AuthSchemeFactory> schemes, List<String> preference,
                                   CredentialsProvider credentials) {
    public ServerAuthentication {
        Objects.requireNonNull(schemes, "schemes");
        preference = List.copyOf(preference);
        Objects.requireNonNull(credentials, "credentials");
    }
}
