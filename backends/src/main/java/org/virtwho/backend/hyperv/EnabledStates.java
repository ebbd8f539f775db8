package org.virtwho.backend.hyperv;

import java.util.Map;
import org.virtwho.model.GuestState;

/** A Hyper-V machine's EnabledState (CIM_EnabledLogicalElement, with Hyper-V's own additions) as a guest state. */
final class EnabledStates {
    private static final Map<String, GuestState> STATES = Map.of(
            "2", GuestState.RUNNING,        // Enabled
            "3", GuestState.SHUT_OFF,       // Disabled
            "4", GuestState.SHUTTING_DOWN,  // Shutting Down
            "9", GuestState.PAUSED,         // Quiesce
            "32768", GuestState.PAUSED,     // Paused (Hyper-V)
            "32769", GuestState.PM_SUSPENDED); // Suspended, i.e. saved (Hyper-V)

    private EnabledStates() {
    }

    /** Any other value (Unknown, Starting, Saving, ...) is reported as unknown, as upstream does. */
    static GuestState of(String enabledState) {
        return STATES.getOrDefault(enabledState.strip(), GuestState.UNKNOWN);
    }
}
