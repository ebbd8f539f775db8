package org.virtwho.backend.hyperv;

/**
 * The WMI namespaces of Hyper-V's classes: the first one of Windows Server 2008 and 2008 R2, and the second one
 * that replaced it from Windows Server 2012 on (both exist on 2012, only the second from 2012 R2 on).
 */
enum VirtualizationNamespace {
    /** {@code SettingType = 3}: the current settings of a machine, not those of its snapshots (5). */
    V1("root/virtualization", "select BIOSGUID, VirtualSystemIdentifier from Msvm_VirtualSystemSettingData "
            + "where SettingType = 3"),
    /** Realized machines only: neither planned machines nor snapshots. */
    V2("root/virtualization/v2", "select BIOSGUID, VirtualSystemIdentifier from Msvm_VirtualSystemSettingData "
            + "where VirtualSystemType = 'Microsoft:Hyper-V:System:Realized'");

    private final String path;
    private final String machinesQuery;

    VirtualizationNamespace(String path, String machinesQuery) {
        this.path = path;
        this.machinesQuery = machinesQuery;
    }

    String path() {
        return path;
    }

    /** WQL for each machine's BIOS GUID and its VirtualSystemIdentifier, which names it in the summary. */
    String machinesQuery() {
        return machinesQuery;
    }

    String managementService() {
        return Wsman.classResource(path, "Msvm_VirtualSystemManagementService");
    }
}
