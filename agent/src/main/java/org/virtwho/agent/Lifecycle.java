package org.virtwho.agent;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import sun.misc.Signal;

/**
 * What the daemon is told from outside: SIGHUP re-reads the configuration, SIGTERM (or SIGINT) stops it.
 * SIGTERM reaches Java as a shutdown hook; the hook gives the main thread 4.5 s to stop the schedulers and
 * close connections, inside systemd's TimeoutStopSec=5.
 */
final class Lifecycle {
    enum Event { RELOAD, STOP }

    private static final long STOP_GRACE_MILLIS = 4_500;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean terminating;

    /** Installs the handlers; the calling thread is the one the shutdown hook waits for. */
    void install() {
        Thread main = Thread.currentThread();
        // sun.misc.Signal is the JDK's supported way (jdk.unsupported) to catch SIGHUP.
        Signal.handle(new Signal("HUP"), signal -> events.add(Event.RELOAD));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            terminating = true;
            events.add(Event.STOP);
            try {
                main.join(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "virt-who-stop"));
    }

    Event await() throws InterruptedException {
        return events.take();
    }

    /** True once SIGTERM arrived: the JVM is exiting by itself and must not be asked to exit again. */
    boolean terminating() {
        return terminating;
    }
}
