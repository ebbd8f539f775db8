package org.virtwho.backend.esx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts, VMs and clusters the filter has seen, kept up to date by applying update sets. Only the properties
 * the report needs are kept, typed, so a 20,000-VM vCenter costs a few megabytes. Hosts keep the order in which
 * they entered, which is the order upstream reports them in. Not thread-safe: {@link SyncedInventory} guards it.
 */
final class VsphereInventory {
    private static final Logger LOG = LoggerFactory.getLogger(VsphereInventory.class);

    static final class HostSystem {
        String name;
        List<MoRef> vms = List.of();
        String uuid;
        String cpuPackages;
        MoRef parent;
        String productName;
        String productVersion;
        String hostName;
        String domainName;
    }

    static final class VirtualMachine {
        String uuid;
        String hardwareVersion;
        String powerState;
    }

    private final Map<String, HostSystem> hosts = new LinkedHashMap<>();
    private final Map<String, VirtualMachine> vms = new HashMap<>();
    private final Map<String, String> clusterNames = new HashMap<>();

    void apply(ObjectUpdate update) {
        String id = update.obj().value();
        switch (update.obj().type()) {
            case "HostSystem" -> {
                if (update.kind() == ObjectUpdate.Kind.LEAVE) {
                    hosts.remove(id);
                } else {
                    HostSystem host = hosts.computeIfAbsent(id, key -> new HostSystem());
                    update.changes().forEach(change -> applyToHost(host, change));
                }
            }
            case "VirtualMachine" -> {
                if (update.kind() == ObjectUpdate.Kind.LEAVE) {
                    vms.remove(id);
                } else {
                    VirtualMachine vm = vms.computeIfAbsent(id, key -> new VirtualMachine());
                    update.changes().forEach(change -> applyToVm(vm, change));
                }
            }
            case "ClusterComputeResource" -> {
                if (update.kind() == ObjectUpdate.Kind.LEAVE) {
                    clusterNames.remove(id);
                } else {
                    for (ObjectUpdate.Change change : update.changes()) {
                        if (change.name().equals("name")) {
                            clusterNames.put(id, text(change));
                        }
                    }
                }
            }
            // Folders, datacenters, resource pools: the traversal passes through them; they report nothing.
            default -> LOG.trace("ignoring an update of {} {}", update.obj().type(), id);
        }
    }

    /**
     * Upstream ignores an {@code assign} without a value and an {@code indirectRemove} on hosts, which leaves a VM
     * that moved away from a host on that host's list; here both clear the property, as the API defines them.
     */
    private static void applyToHost(HostSystem host, ObjectUpdate.Change change) {
        switch (change.name()) {
            case "name" -> host.name = text(change);
            case "vm" -> host.vms = refs(host.vms, change);
            case "hardware.systemInfo.uuid" -> host.uuid = text(change);
            case "hardware.cpuInfo.numCpuPackages" -> host.cpuPackages = text(change);
            case "parent" -> host.parent = ref(change);
            case "config.product.name" -> host.productName = text(change);
            case "config.product.version" -> host.productVersion = text(change);
            case "config.network.dnsConfig.hostName" -> host.hostName = text(change);
            case "config.network.dnsConfig.domainName" -> host.domainName = text(change);
            default -> LOG.trace("ignoring host property {}", change.name());
        }
    }

    private static void applyToVm(VirtualMachine vm, ObjectUpdate.Change change) {
        switch (change.name()) {
            case "config.uuid" -> vm.uuid = text(change);
            case "config.version" -> vm.hardwareVersion = text(change);
            case "runtime.powerState" -> vm.powerState = text(change);
            default -> LOG.trace("ignoring VM property {}", change.name());
        }
    }

    /** The new text, or null when the change clears the property. */
    private static String text(ObjectUpdate.Change change) {
        if (!sets(change)) {
            return null;
        }
        return change.value().get() instanceof PropertyValue.Text text ? text.text() : null;
    }

    private static MoRef ref(ObjectUpdate.Change change) {
        if (!sets(change)) {
            return null;
        }
        return change.value().get() instanceof PropertyValue.Ref ref ? ref.ref() : null;
    }

    private static List<MoRef> refs(List<MoRef> current, ObjectUpdate.Change change) {
        Optional<PropertyValue> value = change.value();
        return switch (change.op()) {
            case ASSIGN -> value.orElse(null) instanceof PropertyValue.Refs refs ? refs.refs() : List.of();
            case ADD -> {
                List<MoRef> added = new ArrayList<>(current);
                if (value.orElse(null) instanceof PropertyValue.Ref ref) {
                    added.add(ref.ref());
                } else if (value.orElse(null) instanceof PropertyValue.Refs refs) {
                    added.addAll(refs.refs());
                }
                yield List.copyOf(added);
            }
            case REMOVE, INDIRECT_REMOVE -> List.of();
        };
    }

    private static boolean sets(ObjectUpdate.Change change) {
        return (change.op() == ObjectUpdate.Op.ASSIGN || change.op() == ObjectUpdate.Op.ADD)
                && change.value().isPresent();
    }

    /** The hosts by managed object id, in the order they entered. */
    Map<String, HostSystem> hosts() {
        return hosts;
    }

    Optional<VirtualMachine> vm(String id) {
        return Optional.ofNullable(vms.get(id));
    }

    Optional<String> clusterName(String id) {
        return Optional.ofNullable(clusterNames.get(id));
    }

    int vmCount() {
        return vms.size();
    }

    Collection<String> vmIds() {
        return vms.keySet();
    }
}
