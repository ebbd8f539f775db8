package org.virtwho.backend.libvirt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.virtwho.model.Guest;
import org.virtwho.model.GuestState;

/**
 * Lists every domain, running and defined, with its state. Asking per domain costs a network round trip
 * each, which is what makes upstream slow with thousands of guests; instead the domains are listed once per
 * state filter (running, paused, shut off), so the server does the sorting in four calls. Only the rare
 * domains in another state (blocked, shutting down, crashed, suspended to memory) are asked one by one.
 */
final class GuestLister {
    static final String VIRT_WHO_TYPE = "libvirt";
    /** Xen's Domain-0 is the hypervisor itself, not a guest. */
    private static final String DOMAIN_ZERO = "00000000-0000-0000-0000-000000000000";

    // virConnectListAllDomainsFlags
    private static final int RUNNING = 1 << 4;
    private static final int PAUSED = 1 << 5;
    private static final int SHUT_OFF = 1 << 6;
    private static final int OTHER = 1 << 7;

    private GuestLister() {
    }

    /** A listed domain: its id orders the active ones as {@code virsh list} and upstream do. */
    private record Listed(int id, Guest guest) {
    }

    static List<Guest> list(Connect connect) throws LibvirtException {
        List<Listed> listed = new ArrayList<>();
        try {
            add(listed, connect.listAllDomains(RUNNING), GuestState.RUNNING);
            add(listed, connect.listAllDomains(PAUSED), GuestState.PAUSED);
            add(listed, connect.listAllDomains(OTHER), null);
            add(listed, connect.listAllDomains(SHUT_OFF), GuestState.SHUT_OFF);
        } catch (LibvirtException e) {
            if (e.getError() == null || e.getError().getCode() != Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            // A server older than libvirt 0.9.13 cannot filter: list the old way, one call per domain.
            listed.clear();
            addOneByOne(connect, listed);
        }
        // Active domains by id, as upstream lists them, then the defined ones in the server's order.
        listed.sort(Comparator.comparingInt(entry -> entry.id() < 0 ? Integer.MAX_VALUE : entry.id()));
        List<Guest> guests = new ArrayList<>(listed.size());
        for (Listed entry : listed) {
            guests.add(entry.guest());
        }
        return guests;
    }

    /** @param state the state the filter guarantees, or null to ask each domain */
    private static void add(List<Listed> listed, Domain[] domains, GuestState state) throws LibvirtException {
        try {
            for (Domain domain : domains) {
                String uuid = domain.getUUIDString();
                if (!DOMAIN_ZERO.equals(uuid)) {
                    listed.add(new Listed(domain.getID(), new Guest(uuid, state != null ? state : stateOf(domain),
                            VIRT_WHO_TYPE)));
                }
            }
        } finally {
            for (Domain domain : domains) {
                domain.free();
            }
        }
    }

    private static GuestState stateOf(Domain domain) throws LibvirtException {
        // DomainState's constants are declared in virDomainState order, 0 to 7.
        return GuestState.fromCode(domain.getInfo().state.ordinal());
    }

    private static void addOneByOne(Connect connect, List<Listed> listed) throws LibvirtException {
        for (int id : connect.listDomains()) {
            lookUp(listed, () -> connect.domainLookupByID(id));
        }
        for (String name : connect.listDefinedDomains()) {
            lookUp(listed, () -> connect.domainLookupByName(name));
        }
    }

    private interface Lookup {
        Domain find() throws LibvirtException;
    }

    /** A domain that disappears between listing and looking it up is simply gone. */
    private static void lookUp(List<Listed> listed, Lookup lookup) throws LibvirtException {
        Domain domain;
        try {
            domain = lookup.find();
        } catch (LibvirtException e) {
            if (e.getError() != null && e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return;
            }
            throw e;
        }
        add(listed, new Domain[] {domain}, null);
    }
}
