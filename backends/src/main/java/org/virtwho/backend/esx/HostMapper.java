package org.virtwho.backend.esx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;
import org.virtwho.model.Host;
import org.virtwho.model.HostIdentity;
import org.virtwho.model.Inventory;

/**
 * Turns what the filter saw into hosts as upstream reports them: named {@code hostName.domainName}, known by
 * their UUID, their managed object id ({@code hwuuid}) and that name, with their VMs in the host's own order and
 * upstream's facts in upstream's order.
 */
final class HostMapper {
    private static final Logger LOG = LoggerFactory.getLogger(HostMapper.class);
    static final String VIRT_WHO_TYPE = "esx";

    private final ParentFilter parents;

    HostMapper(ParentFilter parents) {
        this.parents = parents;
    }

    Inventory.Hosts map(VsphereInventory inventory) {
        List<Host> hosts = new ArrayList<>(inventory.hosts().size());
        inventory.hosts().forEach((id, host) -> {
            if (!parents.keeps(id, host.parent == null ? null : host.parent.value())) {
                return;
            }
            if (host.hostName == null) {
                LOG.debug("Unable to determine the host name of host '{}'; it is left out of the report", id);
                return;
            }
            String name = host.domainName == null || host.domainName.isEmpty()
                    ? host.hostName : host.hostName + "." + host.domainName;
            Map<HypervisorIdKind, String> ids = new EnumMap<>(HypervisorIdKind.class);
            ids.put(HypervisorIdKind.UUID, host.uuid);
            ids.put(HypervisorIdKind.HWUUID, id);
            ids.put(HypervisorIdKind.HOSTNAME, name);
            hosts.add(new Host(HostIdentity.of(ids), Optional.of(name), guests(id, host, inventory),
                    facts(host, inventory)));
        });
        return new Inventory.Hosts(hosts);
    }

    private static List<Guest> guests(String hostId, VsphereInventory.HostSystem host, VsphereInventory inventory) {
        List<Guest> guests = new ArrayList<>(host.vms.size());
        for (MoRef ref : host.vms) {
            Optional<VsphereInventory.VirtualMachine> found = inventory.vm(ref.value());
            if (found.isEmpty()) {
                LOG.debug("Host '{}' references non-existing guest '{}'", hostId, ref.value());
                continue;
            }
            VsphereInventory.VirtualMachine vm = found.get();
            if (vm.uuid == null || vm.uuid.isBlank()) {
                LOG.debug("Guest '{}' has no config.uuid; it is left out", ref.value());
                continue;
            }
            guests.add(new Guest(VmUuid.of(vm.uuid, vm.hardwareVersion), state(vm.powerState), VIRT_WHO_TYPE));
        }
        return guests;
    }

    static GuestState state(String powerState) {
        if (powerState == null) {
            return GuestState.UNKNOWN;
        }
        return switch (powerState) {
            case "poweredOn" -> GuestState.RUNNING;
            case "suspended" -> GuestState.PAUSED;
            case "poweredOff" -> GuestState.SHUT_OFF;
            default -> GuestState.UNKNOWN;
        };
    }

    /** Upstream's facts and order; a fact the server did not give is left out (upstream fails the report). */
    private static Map<String, Object> facts(VsphereInventory.HostSystem host, VsphereInventory inventory) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (host.cpuPackages != null) {
            facts.put(Facts.CPU_SOCKETS, host.cpuPackages);
        }
        facts.put(Facts.HYPERVISOR_TYPE, host.productName != null ? host.productName : "vmware");
        if (host.uuid != null) {
            facts.put(Facts.SYSTEM_UUID, host.uuid);
        }
        if (host.parent != null && host.parent.type().equals("ClusterComputeResource")) {
            inventory.clusterName(host.parent.value())
                    .ifPresent(cluster -> facts.put(Facts.HYPERVISOR_CLUSTER, percentDecoded(cluster)));
        }
        if (host.productVersion != null && !host.productVersion.isEmpty()) {
            facts.put(Facts.HYPERVISOR_VERSION, host.productVersion);
        }
        return facts;
    }

    /**
     * vSphere escapes {@code %}, {@code /} and {@code \} in names ({@code %25}, {@code %2f}, {@code %5c}). Decoded
     * as Python's {@code unquote}: a {@code +} stays a plus, and a malformed escape stays as it is.
     */
    static String percentDecoded(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length() && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2))) {
                bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int end = i + Character.charCount(name.codePointAt(i));
                bytes.writeBytes(name.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
