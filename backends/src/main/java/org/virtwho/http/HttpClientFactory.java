package org.virtwho.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.virtwho.config.Secret;

/**
 * Builds the HTTP client that every HTTP-based source and the Candlepin destination use: pooled keep-alive
 * connections, TLS as {@link HttpSettings} says, the proxy unless {@code no_proxy} says otherwise, and no
 * automatic retries: callers decide themselves when to try again, as part of their back-off.
 */
public final class HttpClientFactory {
    /**
     * A pooled connection idle for longer is checked before it is reused: without automatic retries, a
     * connection the server closed meanwhile would otherwise fail the request.
     */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    private static final TimeValue EVICT_IDLE_AFTER = TimeValue.of(1, TimeUnit.MINUTES);

    public HttpClientFactory() {
    }

    /**
     * A pooled, keep-alive classic client honouring every setting; the caller closes it. A proxy that refuses
     * the credentials shows as a 407 response (for HTTPS, its answer to {@code CONNECT}), not as an exception.
     *
     * @throws HttpSetupException a CA, certificate or key file is missing, unreadable or malformed
     */
    public CloseableHttpClient create(HttpSettings settings) throws HttpSetupException {
        return create(settings, Optional.empty());
    }

    /**
     * As {@link #create(HttpSettings)}, for a server that asks for credentials with a challenge: the client answers
     * with the most preferred of the offered schemes, and keeps the result in the {@code HttpClientContext} that
     * the caller passes with each request (a connection-based scheme such as NTLM, on the connection itself).
     */
    public CloseableHttpClient create(HttpSettings settings, ServerAuthentication server) throws HttpSetupException {
        return create(settings, Optional.of(server));
    }

    private CloseableHttpClient create(HttpSettings settings, Optional<ServerAuthentication> server)
            throws HttpSetupException {
        Timeout connectTimeout = timeout(settings.connectTimeout());
        Timeout responseTimeout = timeout(settings.responseTimeout());
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(TlsStrategies.of(settings))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        // Also bounds the TLS handshake, which HttpClient times with the connect timeout.
                        .setConnectTimeout(connectTimeout)
                        // Bounds every read outside a request too, such as the proxy's answer to CONNECT.
                        .setSocketTimeout(responseTimeout)
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        RequestConfig.Builder requests = RequestConfig.custom()
                .setResponseTimeout(responseTimeout)
                // Else a plain-HTTP GET asks the server to switch to TLS (RFC 2817, "Upgrade: TLS/1.2"):
                // the user chose the scheme, and some servers and proxies answer such a request with 400.
                .setProtocolUpgradeEnabled(false);
        server.ifPresent(auth -> requests.setTargetPreferredAuthSchemes(auth.preference()));
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests.build())
                .setUserAgent(settings.userAgent())
                .disableAutomaticRetries()
                // Between two reports (an hour apart by default) the server has long closed an idle connection;
                // closing ours too frees the socket instead of keeping it half-closed until the next report.
                .evictIdleConnections(EVICT_IDLE_AFTER);
        BasicCredentialsProvider proxyCredentials = new BasicCredentialsProvider();
        settings.proxy().ifPresent(proxy -> {
            builder.setRoutePlanner(new ProxyRoutePlanner(proxy, NoProxy.of(settings.noProxy())));
            proxy.user().ifPresent(user -> {
                char[] password = proxy.password().map(Secret::reveal).orElse("").toCharArray();
                proxyCredentials.setCredentials(new AuthScope(proxy.host(), proxy.port()),
                        new UsernamePasswordCredentials(user, password));
            });
        });
        if (server.isPresent()) {
            builder.setDefaultAuthSchemeRegistry(server.get().schemes());
            CredentialsProvider serverCredentials = server.get().credentials();
            // The proxy's entry only matches the proxy's host and port; everything else is the server's.
            builder.setDefaultCredentialsProvider((scope, context) -> {
                Credentials forProxy = proxyCredentials.getCredentials(scope, context);
                return forProxy != null ? forProxy : serverCredentials.getCredentials(scope, context);
            });
        } else {
            builder.setDefaultCredentialsProvider(proxyCredentials);
        }
        return builder.build();
    }

    /** At least a millisecond: HttpClient reads zero as "wait forever". */
    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(Math.max(1, duration.toMillis()));
    }
}
