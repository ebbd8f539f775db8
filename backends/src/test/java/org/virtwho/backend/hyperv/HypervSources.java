package org.virtwho.backend.hyperv;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendException;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceTls;
import org.virtwho.config.SourceType;

/** Hyper-V sections for tests, made into backends by the real factory. */
final class HypervSources {
    static final String USER = "EXAMPLE\\virtwho";
    static final String PASSWORD = "Pa55-w0rd-that-must-never-show";

    private HypervSources() {
    }

    static SourceConfig section(String url, SourceTls tls, String user, String password) {
        return new SourceConfig("hyperv-test", Path.of("/etc/virt-who.d/hyperv.conf"), SourceType.HYPERV,
                SourceConfig.SmType.SAM, HypervisorIdKind.UUID, url, Optional.of(user),
                Optional.of(Secret.of(password)), Optional.of("ACME"), HostFilter.NONE, RhsmOverrides.NONE,
                Optional.empty(), new BackendOptions.Hyperv(url, tls));
    }

    static Backend backend(String url) throws BackendException {
        return backend(url, SourceTls.VERIFIED, USER, PASSWORD);
    }

    static Backend backend(String url, SourceTls tls, String user, String password) throws BackendException {
        // An empty environment: no proxy from the machine running the tests.
        return new HypervBackendFactory().create(section(url, tls, user, password), new BackendContext(Map.of()));
    }
}
