package org.virtwho.backend.esx;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;
import org.virtwho.http.TlsTrouble;
import org.virtwho.model.Inventory;

/**
 * {@code type=esx}: a vCenter or a standalone ESX host. The first collection reads everything; later ones ask
 * only for what changed since ({@code WaitForUpdatesEx} with the version of the last answer), and a watch waits
 * for changes on the server, so a VM that powers off is reported within seconds without polling.
 */
final class EsxBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(EsxBackend.class);
    /** Losing the session or the version is recovered by starting over; a third fault in a row is real. */
    private static final int ATTEMPTS = 3;
    private static final Duration GOODBYE = Duration.ofSeconds(3);

    private final String section;
    private final String user;
    private final VimClient client;
    private final UpdateFeed feed;
    private final SyncedInventory inventory = new SyncedInventory();
    private final HostMapper mapper;
    private final EsxTuning tuning;
    private EsxWatch watch;

    EsxBackend(String section, String user, VimClient client, UpdateFeed feed, HostMapper mapper, EsxTuning tuning) {
        this.section = section;
        this.user = user;
        this.client = client;
        this.feed = feed;
        this.mapper = mapper;
        this.tuning = tuning;
    }

    @Override
    public Inventory collect() throws BackendException {
        EsxWatch watching = currentWatch();
        if (watching != null) {
            watching.awaitSynchronised();
        } else {
            update(0);
        }
        return inventory.read(mapper::map);
    }

    @Override
    public void check() throws BackendException {
        synchronized (feed) {
            try {
                if (!feed.connected()) {
                    feed.connect();
                }
                feed.rootFolderName();
            } catch (VimFault fault) {
                throw explain(fault);
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    @Override
    public synchronized Optional<Watch> watch(Runnable changed) {
        if (watch == null) {
            watch = new EsxWatch(section, this, changed, tuning);
            watch.start();
        }
        return Optional.of(watch);
    }

    private synchronized EsxWatch currentWatch() {
        return watch == null || watch.closed() ? null : watch;
    }

    /**
     * Brings the inventory up to date, recovering from a lost session (log in again) or a forgotten version
     * (read everything again), and keeping the version across timeouts and broken connections.
     *
     * @return whether anything changed
     */
    boolean update(int maxWaitSeconds) throws BackendException {
        synchronized (feed) {
            return updateLocked(maxWaitSeconds);
        }
    }

    private boolean updateLocked(int maxWaitSeconds) throws BackendException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!feed.connected()) {
                    feed.connect();
                }
                return feed.pull(maxWaitSeconds, inventory);
            } catch (VimFault fault) {
                if (attempt >= ATTEMPTS || !recover(fault)) {
                    throw explain(fault);
                }
            } catch (IOException e) {
                throw explain(e);
            }
        }
    }

    private boolean recover(VimFault fault) {
        switch (fault.type()) {
            case "NotAuthenticated" -> {
                LOG.debug("[{}]: the session at {} has ended; logging in again", section, client.endpoint());
                feed.forget();
                return true;
            }
            case "InvalidCollectorVersion" -> {
                LOG.debug("[{}]: {} no longer knows our update version; reading everything again", section,
                        client.endpoint());
                feed.resync();
                return true;
            }
            case "ManagedObjectNotFound", "InvalidProperty" -> {
                LOG.debug("[{}]: our property filter at {} is gone ({}); starting over", section, client.endpoint(),
                        fault.getMessage());
                feed.close();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private BackendException explain(VimFault fault) {
        String said = fault.text().isBlank() ? "" : " (the server says: " + fault.text() + ")";
        return switch (fault.type()) {
            case "InvalidLogin" -> new BackendException("login to " + client.endpoint() + " as '" + user
                    + "' failed: the user name or password is wrong" + said);
            case "NoPermission", "NotAuthenticated" -> new BackendException("the user '" + user + "' may not read "
                    + "the inventory of " + client.endpoint() + "; it needs at least the read-only role on the root "
                    + "folder" + said);
            default -> new BackendException(client.endpoint() + " answered with the fault " + fault.type() + said);
        };
    }

    private BackendException explain(IOException e) {
        String host = client.endpoint().getHost();
        Optional<String> tls = TlsTrouble.explain(e, host, "ca_cert = <file> in the section", "insecure = true");
        if (tls.isPresent()) {
            return new BackendException(tls.get(), e);
        }
        String why;
        if (e instanceof UnknownHostException) {
            why = "unknown host " + host;
        } else if (e instanceof ConnectException) {
            why = "unable to connect to " + client.endpoint() + ": " + e.getMessage();
        } else if (e instanceof SocketTimeoutException) {
            why = "no answer from " + client.endpoint() + " within " + tuning.responseTimeout().toSeconds() + " s";
        } else if (e instanceof InterruptedIOException) {
            why = "the call to " + client.endpoint() + " was cancelled";
        } else {
            why = "unable to talk to " + client.endpoint() + ": " + e.getMessage();
        }
        return new BackendException(why, e);
    }

    /** For tests that play an administrator ending our session. */
    VimClient client() {
        return client;
    }

    /** Cuts a wait in progress short, from any thread; {@link #close()} then tells the server. */
    void interruptWait() {
        client.abort();
    }

    @Override
    public void close() {
        EsxWatch watching;
        synchronized (this) {
            watching = watch;
            watch = null;
        }
        if (watching != null) {
            watching.close();
        }
        // The goodbyes (cancel, destroy the filter and collector, log out) must not hold up a shutdown when the
        // server is gone: they get a few seconds, then the connections are cut.
        Thread goodbye = new Thread(() -> {
            synchronized (feed) {
                feed.close();
            }
        }, "virt-who-esx-logout-" + section);
        goodbye.setDaemon(true);
        goodbye.start();
        try {
            goodbye.join(GOODBYE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("[{}]: closing the connections to {}: {}", section, client.endpoint(), e.getMessage());
        }
    }
}
