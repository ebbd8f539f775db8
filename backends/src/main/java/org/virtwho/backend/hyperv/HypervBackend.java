package org.virtwho.backend.hyperv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.HostIdentity;
import org.virtwho.model.Inventory;

/**
 * One Hyper-V host through WinRM: its virtual machines with their BIOS GUIDs and states, its name, UUID, socket
 * count and the version of its virtual machine management service. Polling only: WS-Management events would need
 * a subscription the host pushes to us, which virt-who never asked for.
 */
final class HypervBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(HypervBackend.class);
    static final String VIRT_WHO_TYPE = "hyperv";
    private static final String CIMV2 = "root/cimv2";
    /** vmms.exe's file version is the version of Hyper-V the host runs. WQL doubles each backslash. */
    static final String VMMS_QUERY =
            "select * from CIM_Datafile where Path = '\\\\windows\\\\system32\\\\' and FileName='vmms'";
    private static final String VMMS_PATH = "\\windows\\system32\\";
    static final String COMPUTER_SYSTEM_QUERY = "select DNSHostName, NumberOfProcessors from Win32_ComputerSystem";
    static final String SYSTEM_PRODUCT_QUERY = "select UUID from Win32_ComputerSystemProduct";

    private final String section;
    private final WsmanClient wsman;
    private final HypervTrouble trouble;
    /** Where Hyper-V's classes were found; like upstream, once the old namespace failed we stay on the new one. */
    private VirtualizationNamespace namespace = VirtualizationNamespace.V1;

    HypervBackend(String section, WsmanClient wsman, HypervTrouble trouble) {
        this.section = section;
        this.wsman = wsman;
        this.trouble = trouble;
    }

    @Override
    public synchronized Inventory collect() throws BackendException {
        try {
            List<WmiInstance> machines = machines();
            Map<String, String> states = wsman.enabledStates(namespace);
            String version = vmmsVersion();
            List<WmiInstance> systems = wsman.query(CIMV2, COMPUTER_SYSTEM_QUERY);
            Optional<String> systemUuid = systemUuid();

            Optional<String> hostname = last(systems, "DNSHostName");
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put(Facts.CPU_SOCKETS, last(systems, "NumberOfProcessors").orElse(null));
            facts.put(Facts.HYPERVISOR_TYPE, VIRT_WHO_TYPE);
            facts.put(Facts.HYPERVISOR_VERSION, version);
            facts.put(Facts.SYSTEM_UUID, systemUuid.orElse(null));
            HostIdentity identity = HostIdentity.of(Map.of(
                    HypervisorIdKind.UUID, systemUuid.orElse(""),
                    HypervisorIdKind.HOSTNAME, hostname.orElse("")));
            return new Inventory.Hosts(List.of(new Host(identity, hostname, guests(machines, states), facts)));
        } catch (WsmanFaultException e) {
            throw trouble.fault(e);
        }
    }

    /** Status mode: logs on and reads the host's UUID, the least that proves the source answers. */
    @Override
    public synchronized void check() throws BackendException {
        try {
            systemUuid();
        } catch (WsmanFaultException e) {
            throw trouble.fault(e);
        }
    }

    private List<WmiInstance> machines() throws BackendException, WsmanFaultException {
        if (namespace == VirtualizationNamespace.V1) {
            try {
                return wsman.query(namespace.path(), namespace.machinesQuery());
            } catch (WsmanFaultException e) {
                // Upstream moves on after any failure here. A lost enumeration or a full quota says nothing about
                // the namespace, though; anything else (an access problem too) is reported from the new one.
                if (e.fault().kind() == SoapFault.Kind.INVALID_ENUMERATION_CONTEXT
                        || e.fault().kind() == SoapFault.Kind.QUOTA_EXCEEDED) {
                    throw e;
                }
                LOG.debug("[{}]: Unable to enumerate using the {} namespace ({}), trying {}", section,
                        namespace.path(), e.fault().describe(), VirtualizationNamespace.V2.path());
                namespace = VirtualizationNamespace.V2;
            }
        }
        return wsman.query(namespace.path(), namespace.machinesQuery());
    }

    private List<Guest> guests(List<WmiInstance> machines, Map<String, String> states) {
        List<Guest> guests = new ArrayList<>(machines.size());
        for (WmiInstance machine : machines) {
            Optional<String> biosGuid = machine.get("BIOSGUID");
            if (biosGuid.isEmpty()) {
                LOG.warn("[{}]: Guest without BIOSGUID found, ignoring", section);
                continue;
            }
            Optional<String> uuid = WindowsGuid.decode(biosGuid.get());
            if (uuid.isEmpty()) {
                LOG.warn("[{}]: Guest with BIOSGUID '{}', which is not a GUID, ignoring", section, biosGuid.get());
                continue;
            }
            Optional<String> systemId = machine.get("VirtualSystemIdentifier");
            if (systemId.isEmpty()) {
                LOG.warn("[{}]: Guest {} is missing VirtualSystemIdentifier", section, biosGuid.get());
                continue;
            }
            String state = states.get(systemId.get());
            if (state == null) {
                LOG.warn("[{}]: Unknown state for guest {}", section, biosGuid.get());
            }
            guests.add(new Guest(uuid.get(), state == null ? GuestState.UNKNOWN : EnabledStates.of(state),
                    VIRT_WHO_TYPE));
        }
        return guests;
    }

    /** Empty text when the host has no vmms.exe where it is expected, as upstream reports it. */
    private String vmmsVersion() throws BackendException, WsmanFaultException {
        String version = "";
        for (WmiInstance file : wsman.query(CIMV2, VMMS_QUERY)) {
            if (file.get("Path").filter(VMMS_PATH::equals).isPresent()) {
                version = file.get("Version").orElse(version);
            }
        }
        return version;
    }

    /**
     * Win32_ComputerSystemProduct's UUID, with the same byte-order turn as the guests' GUIDs: upstream reports the
     * host so, and a changed UUID would register every Hyper-V host anew.
     */
    private Optional<String> systemUuid() throws BackendException, WsmanFaultException {
        Optional<String> uuid = last(wsman.query(CIMV2, SYSTEM_PRODUCT_QUERY), "UUID");
        return uuid.map(value -> WindowsGuid.decode(value).orElse(value));
    }

    /** The property of the last instance, as upstream reads single-instance classes. */
    private static Optional<String> last(List<WmiInstance> instances, String property) {
        return instances.isEmpty() ? Optional.empty() : instances.get(instances.size() - 1).get(property);
    }

    @Override
    public void close() {
        wsman.close();
    }
}
