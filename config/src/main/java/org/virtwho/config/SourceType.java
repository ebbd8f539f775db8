package org.virtwho.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code type=} of a source section, with the {@code hypervisor_id} values each type can report. */
public enum SourceType {
    ESX(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HWUUID, HypervisorIdKind.HOSTNAME)),
    LIBVIRT(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HOSTNAME)),
    HYPERV(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HOSTNAME)),
    KUBEVIRT(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HOSTNAME)),
    AHV(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HOSTNAME)),
    /** Removed upstream in 2022 (RHEL 9); kept here because existing oVirt installations still use it. */
    RHEVM(List.of(HypervisorIdKind.UUID, HypervisorIdKind.HWUUID, HypervisorIdKind.HOSTNAME)),
    /** Its file names the hypervisor ids, so every {@code hypervisor_id} value is accepted and none applies. */
    FAKE(List.of(HypervisorIdKind.values()));

    private final List<HypervisorIdKind> hypervisorIds;

    SourceType(List<HypervisorIdKind> hypervisorIds) {
        this.hypervisorIds = hypervisorIds;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<HypervisorIdKind> hypervisorIds() {
        return hypervisorIds;
    }

    public static Optional<SourceType> fromConfigName(String name) {
        for (SourceType type : values()) {
            if (type.configName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
