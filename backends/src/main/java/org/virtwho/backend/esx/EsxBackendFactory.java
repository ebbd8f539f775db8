package org.virtwho.backend.esx;

import java.net.URI;
import java.net.URISyntaxException;
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
 * {@code type=esx}: VMware vCenter or a standalone ESX host, through the vSphere API's SOAP endpoint
 * {@code <server>/sdk}. No WSDL is read, so {@code simplified_vim} changes nothing.
 */
public final class EsxBackendFactory implements BackendFactory {
    private final EsxTuning tuning;

    public EsxBackendFactory() {
        this(EsxTuning.DEFAULT);
    }

    EsxBackendFactory(EsxTuning tuning) {
        this.tuning = tuning;
    }

    @Override
    public SourceType type() {
        return SourceType.ESX;
    }

    @Override
    public Backend create(SourceConfig config, BackendContext context) throws BackendException {
        BackendOptions.Esx options = (BackendOptions.Esx) config.options();
        URI endpoint = endpoint(options.url());
        String user = config.username().orElse("");
        Secret password = config.password().orElse(Secret.of(""));
        try {
            VimClient client = new VimClient(new HttpClientFactory().create(
                    SourceHttp.settings(endpoint.toString(), options.tls(), context, tuning.responseTimeout())),
                    endpoint);
            return new EsxBackend(config.name(), user, client,
                    new UpdateFeed(client, user, password, tuning.maxObjectUpdates()),
                    new HostMapper(new ParentFilter(config.name(), options.filterHostParents(),
                            options.excludeHostParents())),
                    tuning);
        } catch (HttpSetupException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    /**
     * Upstream appends {@code /sdk} to the server; a server given with {@code /sdk} already keeps just one. A user
     * name or password written into the URL is dropped: the section's keys say who logs in, and the endpoint
     * appears in messages.
     */
    static URI endpoint(String url) throws BackendException {
        String base = url.replaceAll("/+$", "");
        String sdk = base.endsWith("/sdk") ? base : base + "/sdk";
        try {
            URI uri = new URI(sdk);
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new BackendException("'" + SourceHttp.shown(url) + "' is not an http:// or https:// address "
                        + "of a vCenter or ESX host");
            }
            return URI.create(SourceHttp.shown(uri));
        } catch (URISyntaxException e) {
            throw new BackendException("'" + SourceHttp.shown(url) + "' is not a valid server address: "
                    + e.getReason());
        }
    }
}
