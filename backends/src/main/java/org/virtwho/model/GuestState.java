package org.virtwho.model;

/** A guest's state, numbered as libvirt's {@code virDomainState} and as the server expects. */
public enum GuestState {
    UNKNOWN(0),
    RUNNING(1),
    BLOCKED(2),
    PAUSED(3),
    SHUTTING_DOWN(4),
    SHUT_OFF(5),
    CRASHED(6),
    PM_SUSPENDED(7);

    private final int code;

    GuestState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** A running or paused guest uses its subscription; the others do not. */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }

    public static GuestState fromCode(int code) {
        for (GuestState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("guest state must be a number from 0 to 7, not " + code);
    }
}
