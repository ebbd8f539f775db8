package org.virtwho.backend;

import java.util.HashMap;
import java.util.Map;

/**
 * What a backend may need from the agent's surroundings.
 *
 * @param environment the process environment with {@code [system_environment]} of virt-who.conf laid over it:
 *                    Java cannot change its own environment, so variables such as {@code LIBVIRT_DEFAULT_URI}
 *                    or {@code https_proxy} reach backends this way
 */
public record BackendContext(Map<String, String> environment) {

    public BackendContext {
        environment = Map.copyOf(environment);
    }

    public static BackendContext of(Map<String, String> process, Map<String, String> systemEnvironment) {
        Map<String, String> environment = new HashMap<>(process);
        environment.putAll(systemEnvironment);
        return new BackendContext(environment);
    }
}
