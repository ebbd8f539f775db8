package org.virtwho.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing, the {@code sd_notify} protocol: one datagram of {@code KEY=value} lines
 * per message, sent to the socket named by {@code NOTIFY_SOCKET}. The unit is {@code Type=notify}, so systemd
 * waits for {@link #ready()} before it considers virt-who started.
 *
 * <p>Without {@code NOTIFY_SOCKET} (virt-who run from a shell, or -p, -o, -s) every method does nothing, and JNA
 * is never loaded: only {@link NotifySocket} touches it. A notification that cannot be delivered is logged and
 * dropped, never thrown: losing systemd's socket must not stop the agent from reporting.
 */
final class SystemdNotifier {
    static final String SOCKET_VARIABLE = "NOTIFY_SOCKET";

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final Channel NOWHERE = message -> { };

    private final Channel channel;
    private final long pid;

    SystemdNotifier(Channel channel, long pid) {
        this.channel = channel;
        this.pid = pid;
    }

    static SystemdNotifier fromEnvironment(Map<String, String> environment) {
        long pid = ProcessHandle.current().pid();
        String address = environment.get(SOCKET_VARIABLE);
        if (address == null || address.isEmpty()) {
            return new SystemdNotifier(NOWHERE, pid);
        }
        // systemd only hands out absolute paths and abstract names; newer ones may add "vsock:", which a
        // host-side agent never gets. Anything else is a mistake in the environment, not worth dying for.
        if (!address.startsWith("/") && !address.startsWith("@")) {
            LOG.warn("Ignoring {}={}: not a Unix socket path or abstract name", SOCKET_VARIABLE, address);
            return new SystemdNotifier(NOWHERE, pid);
        }
        return new SystemdNotifier(new NotifySocket(address), pid);
    }

    /** Where the datagrams go; a separate seam so that the no-op form needs no native code. */
    interface Channel {
        void send(String message);
    }

    /** Whether notifications go anywhere. */
    boolean enabled() {
        return channel != NOWHERE;
    }

    /**
     * Start-up, or a reload, is over. MAINPID as upstream sends it: the JVM's, which is the service's main process
     * because bin/virt-who execs it, so systemd hears what it already knows, and the PID file agrees.
     */
    void ready() {
        channel.send("READY=1\nMAINPID=" + pid);
    }

    /** One line for {@code systemctl status}; a newline would start a new, bogus assignment. */
    void status(String text) {
        channel.send("STATUS=" + text.replaceAll("\r\n|[\r\n]", " "));
    }

    void stopping() {
        channel.send("STOPPING=1");
    }

    /** SIGHUP handling has begun; systemd holds the unit in "reloading" until the next {@link #ready()}. */
    void reloading() {
        channel.send("RELOADING=1");
    }

    /**
     * A Unix datagram socket per message, as sd_notify does it: nothing stays open across a reload or a fork of
     * ssh by libvirt, and a socket that systemd re-creates is picked up on the next message.
     */
    static final class NotifySocket implements Channel {
        private static final int AF_UNIX = 1;
        private static final int SOCK_DGRAM = 2;
        /** Linux' value on every architecture the JVM packages ship for (x86, ARM, POWER, s390x). */
        private static final int SOCK_CLOEXEC = 0x80000;
        /** sd_notify sets it too: a peer gone away must not raise SIGPIPE. */
        private static final int MSG_NOSIGNAL = 0x4000;

        private final String address;
        private final AtomicBoolean warned = new AtomicBoolean();
        private volatile LibC libc;

        NotifySocket(String address) {
            this.address = address;
        }

        @Override
        public void send(String message) {
            try {
                deliver(message.getBytes(StandardCharsets.UTF_8));
            } catch (LastErrorException | LinkageError | IllegalArgumentException e) {
                // The first failure is worth a warning; repeating it every interval would only bury the log.
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("Unable to notify systemd through {}: {}", address, e.getMessage());
                } else {
                    LOG.debug("Unable to notify systemd through {}: {}", address, e.getMessage());
                }
            }
        }

        private void deliver(byte[] datagram) {
            SockaddrUn target = SockaddrUn.of(address);
            LibC c = libc();
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            try {
                c.sendto(fd, datagram, new NativeLong(datagram.length), MSG_NOSIGNAL, target, target.length());
            } finally {
                c.close(fd);
            }
        }

        /** Loaded on first use, so that a failing JNA start-up becomes a logged notification failure. */
        private LibC libc() {
            LibC loaded = libc;
            if (loaded == null) {
                loaded = Native.load("c", LibC.class);
                libc = loaded;
            }
            return loaded;
        }
    }

    /** The three libc calls sd_notify needs; errno comes back as {@link LastErrorException}. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, SockaddrUn address, int addressLength)
                throws LastErrorException;

        /** Without LastErrorException: a failed close of a datagram socket loses nothing worth reporting. */
        int close(int fd);
    }

    /**
     * {@code struct sockaddr_un}. A leading '@' names an abstract socket: its name starts with a NUL byte and is
     * exactly as long as the address length says, so that length is counted, never the structure's size.
     */
    @Structure.FieldOrder({"sun_family", "sun_path"})
    public static final class SockaddrUn extends Structure {
        private static final short AF_UNIX_FAMILY = 1;

        public short sun_family;
        public byte[] sun_path = new byte[108];

        private int length;

        static SockaddrUn of(String address) {
            byte[] name = address.getBytes(StandardCharsets.UTF_8);
            boolean abstractName = name.length > 0 && name[0] == '@';
            if (abstractName) {
                name[0] = 0;
            }
            // A path needs room for its terminating NUL; an abstract name has none.
            int room = abstractName ? 108 : 107;
            if (name.length > room) {
                throw new IllegalArgumentException("socket address longer than " + room + " bytes");
            }
            SockaddrUn sockaddr = new SockaddrUn();
            sockaddr.sun_family = AF_UNIX_FAMILY;
            System.arraycopy(name, 0, sockaddr.sun_path, 0, name.length);
            sockaddr.length = Short.BYTES + name.length + (abstractName ? 0 : 1);
            return sockaddr;
        }

        int length() {
            return length;
        }
    }
}
