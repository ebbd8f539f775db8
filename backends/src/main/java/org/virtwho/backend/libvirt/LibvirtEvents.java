package org.virtwho.backend.libvirt;

import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtwho.backend.Backend;
import org.virtwho.backend.BackendException;

/**
 * libvirt's event loop, which delivers domain events, keepalive answers and close notices. libvirt has one
 * default event implementation per process, registered once and run by one thread; this object owns that
 * thread for every libvirt source of the agent, and starts it on the first watch only, so print and
 * one-shot runs never pay for it.
 */
final class LibvirtEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEvents.class);
    private final LibvirtWatch.Keepalive keepalive;
    private Thread loop;

    LibvirtEvents(LibvirtWatch.Keepalive keepalive) {
        this.keepalive = keepalive;
    }

    Backend.Watch watch(LibvirtConnector connector, Runnable changed) throws BackendException {
        start();
        LibvirtWatch watch = new LibvirtWatch(connector, keepalive, changed);
        watch.start();
        return watch;
    }

    private synchronized void start() throws BackendException {
        if (loop != null) {
            return;
        }
        try {
            // Must come before the watch connections are opened, or they deliver no events.
            Library.initEventLoop();
        } catch (LibvirtException e) {
            throw new BackendException("Unable to start libvirt's event loop: " + e.getMessage(), e);
        }
        loop = new Thread(this::run, "libvirt-events");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            LOG.error("libvirt's event loop stopped: {}; guest changes are seen at the next interval only",
                    e.getMessage());
        }
    }
}
