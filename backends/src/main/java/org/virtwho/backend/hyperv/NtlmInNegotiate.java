package org.virtwho.backend.hyperv;

import java.security.Principal;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.MalformedChallengeException;
import org.apache.hc.client5.http.impl.auth.NTLMScheme;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * NTLM inside the {@code Negotiate} scheme. A WinRM service in its default configuration offers only
 * {@code Negotiate} (and Kerberos), not {@code NTLM}; Windows' Negotiate package accepts raw NTLM messages in
 * place of SPNEGO tokens (as pywinrm and curl rely on), so HttpClient's own NTLM engine does the work and this
 * class only answers under the other scheme name.
 */
@SuppressWarnings("deprecation") // NTLMScheme is deprecated for the web at large; WinRM still lives on it.
final class NtlmInNegotiate implements AuthScheme {
    static final String NAME = "Negotiate";
    private static final String NTLM_PREFIX = "NTLM ";

    private final NTLMScheme ntlm = new NTLMScheme();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isConnectionBased() {
        return ntlm.isConnectionBased();
    }

    @Override
    public void processChallenge(AuthChallenge challenge, HttpContext context) throws MalformedChallengeException {
        ntlm.processChallenge(challenge, context);
    }

    @Override
    public boolean isChallengeComplete() {
        return ntlm.isChallengeComplete();
    }

    @Override
    public String getRealm() {
        return ntlm.getRealm();
    }

    /** Credentials are asked for under the scheme name NTLM: the same Windows account either way. */
    @Override
    public boolean isResponseReady(HttpHost host, CredentialsProvider credentials, HttpContext context)
            throws AuthenticationException {
        return ntlm.isResponseReady(host, credentials, context);
    }

    @Override
    public Principal getPrincipal() {
        return ntlm.getPrincipal();
    }

    @Override
    public String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext context)
            throws AuthenticationException {
        String response = ntlm.generateAuthResponse(host, request, context);
        return response.startsWith(NTLM_PREFIX) ? NAME + " " + response.substring(NTLM_PREFIX.length()) : response;
    }

    @Override
    public String toString() {
        return NAME + "(NTLM)";
    }
}
