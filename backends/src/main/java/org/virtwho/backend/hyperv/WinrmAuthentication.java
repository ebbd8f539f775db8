package org.virtwho.backend.hyperv;

import java.util.List;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.virtwho.config.Secret;
import org.virtwho.http.ServerAuthentication;

/**
 * How we log on to WinRM: with NTLM when the service offers it (as {@code NTLM}, or as {@code Negotiate}, its
 * default), since NTLM never sends the password itself; else with Basic, the only method of upstream, which
 * WinRM allows only when Basic is switched on (and, over http, unencrypted traffic too). Kerberos, CredSSP and
 * certificates are not offered by us.
 */
@SuppressWarnings("deprecation") // NTCredentials' and NTLM's deprecation: see NtlmInNegotiate.
final class WinrmAuthentication {
    private static final List<String> PREFERENCE =
            List.of(StandardAuthScheme.NTLM, NtlmInNegotiate.NAME, StandardAuthScheme.BASIC);

    private WinrmAuthentication() {
    }

    /** Credentials for {@code server} only: no other host (a proxy, a redirect target) ever gets them. */
    static ServerAuthentication of(HttpHost server, AccountName account, Secret password) {
        AuthSchemeFactory negotiate = context -> new NtlmInNegotiate();
        return new ServerAuthentication(RegistryBuilder.<AuthSchemeFactory>create()
                .register(StandardAuthScheme.NTLM, NTLMSchemeFactory.INSTANCE)
                .register(NtlmInNegotiate.NAME, negotiate)
                .register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE)
                .build(), PREFERENCE, new AccountCredentials(server, account, password));
    }

    /** The scheme names that a 401 answer should name when this one was tried. */
    static String describe(String schemeName) {
        return schemeName.equalsIgnoreCase(NtlmInNegotiate.NAME) ? "NTLM (through Negotiate)" : schemeName;
    }

    private record AccountCredentials(HttpHost server, AccountName account, Secret password)
            implements CredentialsProvider {
        @Override
        public Credentials getCredentials(AuthScope scope, HttpContext context) {
            if (!server.getHostName().equalsIgnoreCase(scope.getHost()) || server.getPort() != scope.getPort()) {
                return null;
            }
            char[] secret = password.reveal().toCharArray();
            if (StandardAuthScheme.NTLM.equalsIgnoreCase(scope.getSchemeName())) {
                return new NTCredentials(account.user(), secret, null, account.domain().orElse(null));
            }
            return new UsernamePasswordCredentials(account.written(), secret);
        }

        @Override
        public String toString() {
            return "credentials of " + account.written();
        }
    }
}
