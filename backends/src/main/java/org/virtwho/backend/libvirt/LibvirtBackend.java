package org.virtwho.backend.libvirt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.config.HypervisorIdKind;
import org.virtwho.model.Facts;
import org.virtwho.model.Guest;
import org.virtwho.model.Host;
import org.virtwho.model.HostIdentity;
import org.virtwho.model.Inventory;

/**
 * One libvirt source. Local mode reports the guest list of this machine; remote mode ({@code server=}) one
 * hypervisor with its name, facts and guests. The connection stays open between collections and is opened
 * anew after a failure.
 */
final class LibvirtBackend implements Backend {
    private final LibvirtConnector connector;
    private final boolean remote;
    private final HypervisorIdKind hypervisorId;
    private final LibvirtEvents events;
    private Connect connection;

    LibvirtBackend(LibvirtConnector connector, boolean remote, HypervisorIdKind hypervisorId, LibvirtEvents events) {
        this.connector = connector;
        this.remote = remote;
        this.hypervisorId = hypervisorId;
        this.events = events;
    }

    /** A kept connection that fails may only be stale (the daemon restarted): one more try on a fresh one. */
    @Override
    public synchronized Inventory collect() throws BackendException {
        boolean reused = connection != null;
        try {
            return collect(connection());
        } catch (LibvirtException e) {
            closeConnection();
            if (reused) {
                try {
                    return collect(connection());
                } catch (LibvirtException again) {
                    closeConnection();
                    throw unreadable(again);
                }
            }
            throw unreadable(e);
        }
    }

    private Connect connection() throws BackendException {
        if (connection == null) {
            connection = connector.open();
        }
        return connection;
    }

    private BackendException unreadable(LibvirtException e) {
        return new BackendException("Unable to read the inventory of libvirt at " + connector.describe() + ": "
                + e.getMessage(), e);
    }

    private Inventory collect(Connect connect) throws LibvirtException, BackendException {
        List<Guest> guests = GuestLister.list(connect);
        HostDescription host = HostDescription.of(connect);
        String hostname = connect.getHostName();
        if (hypervisorId == HypervisorIdKind.UUID && host.uuid().isEmpty()) {
            throw new BackendException("libvirt at " + connector.describe() + " tells no host UUID: the "
                    + "capabilities have no host/uuid, there is no 'computer' node device with hardware/uuid, and "
                    + "sysinfo has no system uuid. Set hypervisor_id=hostname to report the host by its name.");
        }
        HostIdentity identity = HostIdentity.of(Map.of(
                HypervisorIdKind.UUID, host.uuid().orElse(""),
                HypervisorIdKind.HOSTNAME, hostname == null ? "" : hostname));
        if (!remote) {
            return new Inventory.LocalGuests(identity, guests);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(Facts.CPU_SOCKETS, host.sockets().orElse(null));
        facts.put(Facts.HYPERVISOR_TYPE, connect.getType());
        facts.put(Facts.HYPERVISOR_VERSION, connect.getVersion());
        facts.put(Facts.SYSTEM_UUID, host.uuid().orElse(null));
        return new Inventory.Hosts(List.of(new Host(identity, Optional.ofNullable(hostname), guests, facts)));
    }

    @Override
    public Optional<Watch> watch(Runnable changed) throws BackendException {
        return Optional.of(events.watch(connector, changed));
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (LibvirtException e) {
                // The connection is being dropped anyway.
            }
            connection = null;
        }
    }
}
