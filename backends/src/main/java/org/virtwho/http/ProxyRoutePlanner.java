package org.virtwho.http;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Sends each request through the proxy unless its target is in {@code no_proxy}; decided per request, so one
 * client serves both kinds of host. HttpClient's own planner then tunnels HTTPS through the proxy by CONNECT.
 */
final class ProxyRoutePlanner extends DefaultRoutePlanner {
    private final HttpHost proxy;
    private final NoProxy noProxy;

    ProxyRoutePlanner(ProxySettings proxy, NoProxy noProxy) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.proxy = new HttpHost("http", proxy.host(), proxy.port());
        this.noProxy = noProxy;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
        int port = DefaultSchemePortResolver.INSTANCE.resolve(target);
        return noProxy.bypasses(target.getHostName(), port) ? null : proxy;
    }
}
