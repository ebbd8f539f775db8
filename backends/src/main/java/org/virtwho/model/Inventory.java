package org.virtwho.model;

import java.util.List;

/** What a source collected, before it is shaped into a {@link Report}. */
public sealed interface Inventory {

    /** A manager's hosts with their guests (vCenter, Hyper-V, remote libvirt, ...). */
    record Hosts(List<Host> hosts) implements Inventory {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /** The guests of the machine the agent runs on (local libvirt, fake with {@code is_hypervisor=false}). */
    record LocalGuests(HostIdentity self, List<Guest> guests) implements Inventory {
        public LocalGuests {
            guests = List.copyOf(guests);
        }
    }
}
