package org.virtwho.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The keys only one source type has, already normalised and validated. */
public sealed interface BackendOptions {

    /**
     * @param uri the remote URI, normalised as upstream (a bare host becomes {@code qemu+ssh://host/system?no_tty=1});
     *            empty for the local hypervisor
     */
    record Libvirt(Optional<String> uri) implements BackendOptions {
    }

    /** @param url {@code https://} added when the server names no scheme */
    record Esx(String url, boolean simplifiedVim, List<String> filterHostParents, List<String> excludeHostParents,
               SourceTls tls) implements BackendOptions {
        public Esx {
            filterHostParents = List.copyOf(filterHostParents);
            excludeHostParents = List.copyOf(excludeHostParents);
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** @param url the WS-Management endpoint, e.g. {@code http://host:5985/wsman} */
    record Hyperv(String url, SourceTls tls) implements BackendOptions {
        public Hyperv {
            Objects.requireNonNull(tls, "tls");
        }
    }

    record Kubevirt(Path kubeconfig, String kubeversion, boolean insecure) implements BackendOptions {
    }

    record Ahv(boolean isHypervisor, boolean prismCentral, boolean internalDebug) implements BackendOptions {
    }

    /** @param url the engine's base URL, e.g. {@code https://engine:8443/} */
    record Rhevm(String url) implements BackendOptions {
    }

    /** @param isHypervisor true: a host-to-guests mapping; false: the guest list of this machine */
    record Fake(Path file, boolean isHypervisor) implements BackendOptions {
    }
}
