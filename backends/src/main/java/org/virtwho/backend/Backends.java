package org.virtwho.backend;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.virtwho.config.SourceType;

/** The backend factories on the class path, by source type. */
public final class Backends {
    private final Map<SourceType, BackendFactory> factories;

    private Backends(Map<SourceType, BackendFactory> factories) {
        this.factories = factories;
    }

    public static Backends discover() {
        Map<SourceType, BackendFactory> factories = new EnumMap<>(SourceType.class);
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class)) {
            factories.put(factory.type(), factory);
        }
        return new Backends(factories);
    }

    public Optional<BackendFactory> forType(SourceType type) {
        return Optional.ofNullable(factories.get(type));
    }
}
