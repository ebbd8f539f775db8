package org.virtwho.backend;

import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;

/**
 * Creates the backend for one {@code type=}. Factories are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/org.virtwho.backend.BackendFactory}), so a new hypervisor is one package
 * plus one line, and a factory must be cheap to construct: the heavy classes load in {@link #create}.
 */
public interface BackendFactory {

    SourceType type();

    Backend create(SourceConfig config, BackendContext context) throws BackendException;
}
