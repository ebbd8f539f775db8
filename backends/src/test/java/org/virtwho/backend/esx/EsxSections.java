package org.virtwho.backend.esx;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.HostFilter;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.config.RhsmOverrides;
import org.virtwho.config.Secret;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceTls;
import org.virtwho.config.SourceType;

/** ESX sections as the configuration reader would make them, for tests. */
public final class EsxSections {
    public static final String USER = "administrator@vsphere.local";
    public static final String PASSWORD = "Pa55-w0rd!<&>";

    private EsxSections() {
    }

    static SourceConfig section(String url, SourceTls tls) {
        return section(url, tls, HypervisorIdKind.UUID, List.of(), List.of(), PASSWORD);
    }

    static SourceConfig section(String url, SourceTls tls, HypervisorIdKind id, List<String> parents,
                                List<String> excludedParents, String password) {
        return new SourceConfig("vcenter", Path.of("/etc/virt-who.d/vcenter.conf"), SourceType.ESX,
                SourceConfig.SmType.SAM, id, url, Optional.of(USER), Optional.of(Secret.of(password)),
                Optional.of("ACME"), HostFilter.NONE, RhsmOverrides.NONE, Optional.empty(),
                new BackendOptions.Esx(url, true, parents, excludedParents, tls));
    }

    static SourceTls trusting(Path ca) {
        return new SourceTls(Optional.of(ca), false);
    }
}
