package org.virtwho.backend.fake;

import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendContext;
import org.virtwho.backend.BackendFactory;
import org.virtwho.config.BackendOptions;
import org.virtwho.config.SourceConfig;
import org.virtwho.config.SourceType;

/** {@code type=fake}: a mapping read from a JSON file in the format print mode writes. */
public final class FakeBackendFactory implements BackendFactory {

    @Override
    public SourceType type() {
        return SourceType.FAKE;
    }

    @Override
    public Backend create(SourceConfig config, BackendContext context) {
        return new FakeBackend((BackendOptions.Fake) config.options());
    }
}
