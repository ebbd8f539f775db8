package org.virtwho.backend.esx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.config.Secret;

/**
 * One session's view of the inventory: logged in, a private property collector with our filter, and the version
 * of the last update set applied. Not thread-safe; one thread pulls at a time.
 */
final class UpdateFeed {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateFeed.class);

    private final VimClient client;
    private final String user;
    private final Secret password;
    private final int maxObjectUpdates;
    private ServiceContent content;
    private MoRef view;
    private MoRef collector;
    private MoRef filter;
    private String version = "";

    UpdateFeed(VimClient client, String user, Secret password, int maxObjectUpdates) {
        this.client = client;
        this.user = user;
        this.password = password;
        this.maxObjectUpdates = maxObjectUpdates;
    }

    boolean connected() {
        return filter != null;
    }

    /** Logs in and creates the view, collector and filter; the next pull is a full synchronisation. */
    void connect() throws VimFault, IOException {
        content = client.retrieveServiceContent();
        client.login(content.sessionManager(), user, password);
        LOG.debug("Logged in to {} ({}) as {}", client.endpoint(), content.product(), user);
        view = client.createContainerView(content.viewManager(), content.rootFolder(), FilterSpec.TYPES);
        collector = client.createPropertyCollector(content.propertyCollector());
        filter = client.createFilter(collector, FilterSpec.xml(view));
        version = "";
    }

    /**
     * Brings {@code inventory} up to date: everything when the version is unknown, else the changes since it,
     * waiting up to {@code maxWaitSeconds} for the first. A full read is built aside and swapped in whole; the
     * changes of one update set, truncated or not, are applied together.
     *
     * @return whether anything changed
     */
    boolean pull(int maxWaitSeconds, SyncedInventory inventory) throws VimFault, IOException {
        if (version.isEmpty()) {
            VsphereInventory complete = new VsphereInventory();
            String reached = pages(0, complete::apply);
            inventory.replace(complete);
            version = reached;
            LOG.debug("Read {} host(s) and {} VM(s) from {}", complete.hosts().size(), complete.vmCount(),
                    client.endpoint());
            return true;
        }
        List<ObjectUpdate> changes = new ArrayList<>();
        String reached = pages(maxWaitSeconds, changes::add);
        inventory.apply(changes);
        version = reached;
        return !changes.isEmpty();
    }

    /** Asks from our version until the server has no more at once: a truncated answer is continued at once. */
    private String pages(int maxWaitSeconds, Consumer<ObjectUpdate> sink) throws VimFault, IOException {
        String reached = version;
        int wait = maxWaitSeconds;
        while (true) {
            Optional<UpdateSetReader.End> end = client.waitForUpdatesEx(collector, reached, wait, maxObjectUpdates,
                    sink);
            if (end.isEmpty()) {
                return reached;
            }
            reached = end.get().version();
            if (!end.get().truncated()) {
                return reached;
            }
            wait = 0;
        }
    }

    /** The server forgot our version: start over with everything, in the same session. */
    void resync() {
        version = "";
    }

    /** The session is gone (the server says we are not logged in): connect again from the start. */
    void forget() {
        content = null;
        view = null;
        collector = null;
        filter = null;
        version = "";
    }

    /** For status mode: one property read in this session. */
    String rootFolderName() throws VimFault, IOException {
        return client.readName(content.propertyCollector(), content.rootFolder());
    }

    /** Ends a wait for updates in progress, from another thread. */
    void cancelWait() {
        MoRef waiting = collector;
        if (waiting != null) {
            quietly("CancelWaitForUpdates", () -> client.cancelWaitForUpdates(waiting));
        }
    }

    /** Cancels the wait, destroys the filter, the collector and the view, and logs out; each step on its own. */
    void close() {
        if (collector != null) {
            MoRef ours = collector;
            quietly("CancelWaitForUpdates", () -> client.cancelWaitForUpdates(ours));
            if (filter != null) {
                MoRef spec = filter;
                quietly("DestroyPropertyFilter", () -> client.destroyPropertyFilter(spec));
            }
            quietly("DestroyPropertyCollector", () -> client.destroyPropertyCollector(ours));
        }
        if (view != null) {
            MoRef inventory = view;
            quietly("DestroyView", () -> client.destroyView(inventory));
        }
        if (content != null) {
            MoRef sessions = content.sessionManager();
            quietly("Logout", () -> client.logout(sessions));
        }
        forget();
    }

    private interface Call {
        void run() throws VimFault, IOException;
    }

    private void quietly(String what, Call call) {
        try {
            call.run();
        } catch (VimFault | IOException e) {
            LOG.debug("{} at {} failed: {}", what, client.endpoint(), e.getMessage());
        }
    }
}
