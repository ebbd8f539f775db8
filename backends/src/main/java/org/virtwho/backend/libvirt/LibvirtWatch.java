package org.virtwho.backend.libvirt;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;

/**
 * Watches one libvirt URI on a connection of its own: every domain lifecycle event (started, stopped,
 * suspended, defined, undefined, migrated...) says the inventory changed. Keepalive notices a daemon that
 * stopped answering; then the watch reconnects in the background with a growing pause, and tells
 * {@code changed} once it is back, since guests may have changed meanwhile. An outage is logged once when
 * it starts and once when it ends, not at every attempt.
 */
final class LibvirtWatch implements Backend.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtWatch.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 60_000;

    private final LibvirtConnector connector;
    private final Keepalive keepalive;
    private final Runnable changed;
    private final ScheduledExecutorService reconnector;
    private Connect connection;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private boolean down;
    private boolean closed;

    /**
     * How often an idle connection is probed, and how many unanswered probes mean the daemon is gone.
     * Upstream's 5 s and 3 notice a hung daemon within 20 s; a daemon that exits is noticed at once anyway.
     */
    record Keepalive(int intervalSeconds, int count) {
        static final Keepalive UPSTREAM = new Keepalive(5, 3);
    }

    LibvirtWatch(LibvirtConnector connector, Keepalive keepalive, Runnable changed) {
        this.connector = connector;
        this.keepalive = keepalive;
        this.changed = changed;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "libvirt-watch-" + connector.section());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The first connection must work: a watch of a source that cannot be reached is a configuration error. */
    void start() throws BackendException {
        Connect connect = connector.open();
        try {
            subscribe(connect);
        } catch (LibvirtException e) {
            closeQuietly(connect);
            throw new BackendException("Unable to watch libvirt at " + connector.describe() + ": " + e.getMessage(), e);
        }
    }

    private synchronized void subscribe(Connect connect) throws LibvirtException {
        connect.addLifecycleListener((domain, event) -> {
            LOG.debug("[{}]: libvirt event {}", connector.section(), event);
            changed.run();
            return 0;
        });
        try {
            connect.setKeepAlive(keepalive.intervalSeconds(), keepalive.count());
        } catch (LibvirtException e) {
            // Local drivers (test:///, qemu:///system opened directly) have no keepalive and need none.
            LOG.debug("[{}]: no keepalive on this connection: {}", connector.section(), e.getMessage());
        }
        connect.registerCloseListener((closedConnection, reason) -> lost(reason));
        connection = connect;
    }

    /** Called on libvirt's event thread: the reconnection runs elsewhere. */
    private synchronized void lost(ConnectionCloseReason reason) {
        if (closed) {
            return;
        }
        if (!down) {
            down = true;
            LOG.warn("[{}]: lost the connection to libvirt at {} ({}); reconnecting in the background",
                    connector.section(), connector.describe(), reason);
        }
        Connect dead = connection;
        connection = null;
        reconnector.execute(() -> closeQuietly(dead));
        schedule();
    }

    private void schedule() {
        reconnector.schedule(this::reconnect, retryMillis, TimeUnit.MILLISECONDS);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }

    private void reconnect() {
        synchronized (this) {
            if (closed || connection != null) {
                return;
            }
        }
        try {
            Connect connect = connector.open();
            try {
                subscribe(connect);
            } catch (LibvirtException e) {
                closeQuietly(connect);
                throw new BackendException(e.getMessage(), e);
            }
        } catch (BackendException e) {
            LOG.debug("[{}]: still no libvirt at {}: {}", connector.section(), connector.describe(), e.getMessage());
            synchronized (this) {
                if (!closed) {
                    schedule();
                }
            }
            return;
        }
        synchronized (this) {
            down = false;
            retryMillis = FIRST_RETRY_MILLIS;
        }
        LOG.info("[{}]: reconnected to libvirt at {}", connector.section(), connector.describe());
        changed.run();
    }

    @Override
    public void close() {
        Connect last;
        synchronized (this) {
            closed = true;
            last = connection;
            connection = null;
        }
        reconnector.shutdownNow();
        if (last != null) {
            try {
                last.unregisterCloseListener();
            } catch (LibvirtException e) {
                // closing anyway
            }
            closeQuietly(last);
        }
    }

    private static void closeQuietly(Connect connect) {
        if (connect == null) {
            return;
        }
        try {
            connect.close();
        } catch (LibvirtException e) {
            // nothing left to do with a connection being dropped
        }
    }
}
