package org.virtwho.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fact names upstream reports for a hypervisor, and an ordered, unmodifiable copy of a fact map. */
public final class Facts {
    public static final String CPU_SOCKETS = "cpu.cpu_socket(s)";
    public static final String HYPERVISOR_TYPE = "hypervisor.type";
    public static final String HYPERVISOR_VERSION = "hypervisor.version";
    public static final String HYPERVISOR_CLUSTER = "hypervisor.cluster";
    public static final String SYSTEM_UUID = "dmi.system.uuid";

    private Facts() {
    }

    /**
     * Facts keep their order, because the report prints them in it. Values are strings, numbers, booleans or
     * {@code null}: upstream sends {@code hypervisor.version} of libvirt as a number.
     */
    public static Map<String, Object> copyOf(Map<String, ?> facts) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
