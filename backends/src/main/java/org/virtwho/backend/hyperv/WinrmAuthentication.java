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
    /**
     * The context attribute naming the scheme (NTLM or Basic) that last asked for the account's credentials: after
     * a refusal HttpClient forgets the scheme it tried, and the message has to name it.
     */
    static final String TRIED_SCHEME = "org.virtwho.backend.hyperv.tried-scheme";
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

    private record AccountCredentials(HttpHost server, AccountName account, Secret password)
            implements CredentialsProvider {
        @Override
        public Credentials getCredentials(AuthScope scope, HttpContext context) {
            if (!server.getHostName().equalsIgnoreCase(scope.getHost()) || server.getPort() != scope.getPort()) {
                return null;
            }
            boolean ntlm = StandardAuthScheme.NTLM.equalsIgnoreCase(scope.getSchemeName());
            if (context != null) {
                context.setAttribute(TRIED_SCHEME, ntlm ? StandardAuthScheme.NTLM : StandardAuthScheme.BASIC);
            }
            char[] secret = password.reveal().toCharArray();
            if (ntlm) {
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
