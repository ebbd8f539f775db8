package org.virtwho.backend.esx;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.virtwho.backend.esx.ObjectUpdate.Change;
import org.virtwho.backend.esx.ObjectUpdate.Kind;
import org.virtwho.backend.esx.ObjectUpdate.Op;

/** Object updates as a property collector would send them, written briefly. */
final class Updates {
    static final String HOST = "HostSystem";
    static final String VM = "VirtualMachine";
    static final String CLUSTER = "ClusterComputeResource";

    private Updates() {
    }

    static ObjectUpdate enter(String type, String id, Change... changes) {
        return new ObjectUpdate(Kind.ENTER, new MoRef(type, id), Arrays.asList(changes));
    }

    static ObjectUpdate modify(String type, String id, Change... changes) {
        return new ObjectUpdate(Kind.MODIFY, new MoRef(type, id), Arrays.asList(changes));
    }

    static ObjectUpdate leave(String type, String id) {
        return new ObjectUpdate(Kind.LEAVE, new MoRef(type, id), List.of());
    }

    static Change assign(String property, String text) {
        return new Change(property, Op.ASSIGN, Optional.of(new PropertyValue.Text(text)));
    }

    static Change assignRef(String property, String type, String id) {
        return new Change(property, Op.ASSIGN, Optional.of(new PropertyValue.Ref(new MoRef(type, id))));
    }

    /** A host's {@code vm} list, of VirtualMachine ids. */
    static Change vms(String... ids) {
        return new Change("vm", Op.ASSIGN, Optional.of(new PropertyValue.Refs(
                Arrays.stream(ids).map(id -> new MoRef(VM, id)).toList())));
    }

    /** {@code assign} without a {@code val}: the property now has no value, e.g. a list that became empty. */
    static Change assignNothing(String property) {
        return new Change(property, Op.ASSIGN, Optional.empty());
    }

    static Change add(String property, PropertyValue value) {
        return new Change(property, Op.ADD, Optional.of(value));
    }

    static Change remove(String property) {
        return new Change(property, Op.REMOVE, Optional.empty());
    }

    static Change indirectRemove(String property) {
        return new Change(property, Op.INDIRECT_REMOVE, Optional.empty());
    }

    /** A VM entering with the properties the filter asks for. */
    static ObjectUpdate vm(String id, String configUuid, String powerState) {
        return enter(VM, id, assign("config.uuid", configUuid), assign("runtime.powerState", powerState));
    }

    /** A host entering with a name, a UUID and its VMs; other properties come with {@code more}. */
    static ObjectUpdate host(String id, String hostName, String uuid, List<String> vmIds, Change... more) {
        Change[] changes = new Change[more.length + 3];
        changes[0] = assign("config.network.dnsConfig.hostName", hostName);
        changes[1] = assign("hardware.systemInfo.uuid", uuid);
        changes[2] = vms(vmIds.toArray(String[]::new));
        System.arraycopy(more, 0, changes, 3, more.length);
        return enter(HOST, id, changes);
    }

    static VsphereInventory inventory(ObjectUpdate... updates) {
        VsphereInventory inventory = new VsphereInventory();
        for (ObjectUpdate update : updates) {
            inventory.apply(update);
        }
        return inventory;
    }
}
