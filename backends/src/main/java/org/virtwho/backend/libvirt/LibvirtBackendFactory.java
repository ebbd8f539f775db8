package org.virtwho.backend.libvirt;

import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendFactory;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;

/**
 * {@code type=libvirt}: the machine's own hypervisor (no {@code server}) or a remote one, through the official
 * Java binding over the system's {@code libvirt0}. Nothing of the binding loads until a backend is created,
 * so other source types start without it.
 */
public final class LibvirtBackendFactory implements BackendFactory {
    private final LibvirtEvents events;

    public LibvirtBackendFactory() {
        this(LibvirtWatch.Keepalive.UPSTREAM);
    }

    LibvirtBackendFactory(LibvirtWatch.Keepalive keepalive) {
        this.events = new LibvirtEvents(keepalive);
    }

    @Override
    public SourceType type() {
        return SourceType.LIBVIRT;
    }

    @Override
    public Backend create(SourceConfig config, BackendContext context) {
        BackendOptions.Libvirt options = (BackendOptions.Libvirt) config.options();
        // Local mode uses LIBVIRT_DEFAULT_URI, or libvirt's own choice when that is unset too.
        String uri = options.uri().orElse(context.environment().getOrDefault("LIBVIRT_DEFAULT_URI", ""));
        LibvirtConnector connector = new LibvirtConnector(config.name(), uri,
                LibvirtCredentials.of(config.username(), config.password()));
        return new LibvirtBackend(connector, options.uri().isPresent(), config.hypervisorId(), events);
    }
}
