package org.virtwho.backend.hyperv;

import java.util.Map;
import java.util.Optional;

/**
 * One item of a WQL answer: a WMI instance's properties by name, as far as the query selected them. A property
 * that WMI sent as nil, or did not send, is absent.
 */
record WmiInstance(Map<String, String> properties) {
    WmiInstance {
        properties = Map.copyOf(properties);
    }

    Optional<String> get(String property) {
        return Optional.ofNullable(properties.get(property));
    }
}
