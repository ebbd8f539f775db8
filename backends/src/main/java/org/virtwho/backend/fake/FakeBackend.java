package org.virtwho.backend.fake;

import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.config.BackendOptions;
import org.virtwho.model.Inventory;

/** Reads its file anew at every collection, so a test or a demo can change the inventory under a running agent. */
final class FakeBackend implements Backend {
    private final BackendOptions.Fake options;

    FakeBackend(BackendOptions.Fake options) {
        this.options = options;
    }

    @Override
    public Inventory collect() throws BackendException {
        FakeFile file = FakeFile.read(options.file());
        return options.isHypervisor() ? file.hosts() : file.localGuests();
    }
}
