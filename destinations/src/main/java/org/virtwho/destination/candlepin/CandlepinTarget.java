package org.virtwho.destination.candlepin;

import java.net.URI;
import java.util.Optional;
import org.virtwho.http.HttpSettings;

/**
 * One destination: a server, the credentials to use there, and the organisation reports go to. Sections with
 * equal targets share one destination and so one check-in, as upstream batches them.
 *
 * @param base  {@code https://host:port/prefix}, without a trailing slash
 * @param owner the organisation key; empty for the guest list of this registered system
 */
public record CandlepinTarget(URI base, HttpSettings http, Credentials credentials, Optional<String> owner) {

    /** For messages: the server and organisation, never credentials. */
    public String describe() {
        return owner.map(key -> "owner '" + key + "' at " + base).orElse(base.toString());
    }
}
