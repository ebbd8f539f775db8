package org.virtwho.backend.hyperv;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.UUID;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.backend.BackendFactory;
import org.virtwho.backend.SourceHttp;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;
import org.virtwho.http.HttpClientFactory;
import org.virtwho.http.HttpSetupException;

/**
 * {@code type=hyperv}: one Hyper-V host through its WinRM service, over http (port 5985) or https (5986), with
 * NTLM or Basic authentication on the shared HTTP client.
 */
public final class HypervBackendFactory implements BackendFactory {
    /** A WQL answer for a thousand machines takes the host a few seconds at most; a minute is a hang. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClientFactory clients;

    public HypervBackendFactory() {
        this(new HttpClientFactory());
    }

    HypervBackendFactory(HttpClientFactory clients) {
        this.clients = clients;
    }

    @Override
    public SourceType type() {
        return SourceType.HYPERV;
    }

    @Override
    public Backend create(SourceConfig config, BackendContext context) throws BackendException {
        BackendOptions.Hyperv options = (BackendOptions.Hyperv) config.options();
        URI endpoint = endpoint(options.url());
        AccountName account = AccountName.parse(config.username().orElse(""));
        Secret password = config.password().orElse(Secret.of(""));
        HypervTrouble trouble = new HypervTrouble(SourceHttp.shown(endpoint), account.written(),
                "http".equalsIgnoreCase(endpoint.getScheme()));
        CloseableHttpClient http;
        try {
            http = clients.create(SourceHttp.settings(endpoint.toString(), options.tls(), context, RESPONSE_TIMEOUT),
                    WinrmAuthentication.of(HttpHost.create(endpoint), account, password));
        } catch (HttpSetupException e) {
            throw new BackendException(e.getMessage(), e);
        }
        XmlInput xml = new XmlInput();
        WsmanClient wsman = new WsmanClient(http, endpoint, new WsmanRequests(endpoint.toString(), UUID::randomUUID),
                trouble, xml);
        return new HypervBackend(config.name(), wsman, trouble);
    }

    private static URI endpoint(String url) throws BackendException {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new BackendException("The Hyper-V server URL '" + SourceHttp.shown(url) + "' names no host.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BackendException("The Hyper-V server URL '" + SourceHttp.shown(url) + "' is not valid: "
                    + e.getReason() + ".");
        }
    }
}
