package org.virtwho.model;

import java.util.List;
import java.util.Optional;

/** What one source section reports, ready for a destination. */
public sealed interface Report {

    /** The section the report came from. */
    String source();

    /** How many guests the report holds, for logs and the run data. */
    int guestCount();

    /** Hypervisors and the guests on each, sent as a hypervisor check-in. */
    record HostGuestMapping(String source, List<Hypervisor> hypervisors) implements Report {
        public HostGuestMapping {
            hypervisors = List.copyOf(hypervisors);
        }

        @Override
        public int guestCount() {
            return hypervisors.stream().mapToInt(hypervisor -> hypervisor.guests().size()).sum();
        }
    }

    /**
     * The guests of the agent's own host, sent as that host's guest list.
     *
     * @param hypervisorId the host's id, when the source knows it
     */
    record GuestList(String source, Optional<String> hypervisorId, List<Guest> guests) implements Report {
        public GuestList {
            guests = List.copyOf(guests);
        }

        @Override
        public int guestCount() {
            return guests.size();
        }
    }
}
