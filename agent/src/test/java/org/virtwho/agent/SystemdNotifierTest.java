package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datagrams as systemd receives them: each test binds a real Unix datagram socket, the way PID 1 does, and
 * reads what the notifier sent. The socket's address is built here, independently of the notifier's.
 */
class SystemdNotifierTest {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path directory;

    @Test
    void readyStatusStoppingAndReloadingArriveAsSingleDatagrams() {
        String path = directory.resolve("notify").toString();
        try (Receiver systemd = Receiver.bind(path)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path));
            assertThat(notifier.enabled()).isTrue();

            notifier.ready();
            notifier.status("Reporting 2 hypervisors");
            notifier.reloading();
            notifier.stopping();

            assertThat(systemd.receiveAll()).containsExactly(
                    "READY=1\nMAINPID=" + PID,
                    "STATUS=Reporting 2 hypervisors",
                    "RELOADING=1",
                    "STOPPING=1");
        }
    }

    @Test
    void newlinesInAStatusBecomeSpaces() {
        String path = directory.resolve("notify").toString();
        try (Receiver systemd = Receiver.bind(path)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path));

            notifier.status("virt-who can't be started: Required section 'global' is invalid:\nbad\r\ninterval\r!");

            assertThat(systemd.receiveAll()).containsExactly(
                    "STATUS=virt-who can't be started: Required section 'global' is invalid: bad interval !");
        }
    }

    @Test
    void anAbstractSocketIsNamedWithALeadingAt() {
        String name = "virt-who-test-" + UUID.randomUUID();
        try (Receiver systemd = Receiver.bind("@" + name)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name));

            notifier.ready();
            notifier.stopping();

            assertThat(systemd.receiveAll()).containsExactly("READY=1\nMAINPID=" + PID, "STOPPING=1");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("NOTIFY_SOCKET", ""))) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(environment);
            assertThat(notifier.enabled()).isFalse();
            assertThatCode(() -> {
                notifier.ready();
                notifier.status("x");
                notifier.reloading();
                notifier.stopping();
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aRelativeSocketNameIsIgnored() {
        assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "run/notify")).enabled()).isFalse();
    }

    @Test
    void aSocketThatIsNotThereIsLoggedNotThrown() {
        String path = directory.resolve("gone/notify").toString();
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path));
        assertThat(notifier.enabled()).isTrue();

        try (CapturedLog log = new CapturedLog(SystemdNotifier.class.getName())) {
            assertThatCode(() -> {
                notifier.ready();
                notifier.ready();
                notifier.stopping();
            }).doesNotThrowAnyException();

            // One warning, then only debug lines: systemd gone away must not flood the log every interval.
            assertThat(log.lines()).hasSize(3);
            assertThat(log.lines().get(0)).isEqualTo(
                    "WARN Unable to notify systemd through " + path + ": [2] No such file or directory");
            assertThat(log.lines().subList(1, 3)).allMatch(line -> line.startsWith("DEBUG "));
        }
    }

    @Test
    void aSocketPathTooLongForSockaddrUnIsLoggedNotThrown() {
        String path = "/" + "x".repeat(200);
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path));

        assertThatCode(notifier::ready).doesNotThrowAnyException();
    }

    @Test
    void aSocketThatStoppedListeningIsLoggedNotThrown() {
        String path = directory.resolve("notify").toString();
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path));
        Receiver.bind(path).close(); // the file stays, nobody reads: ECONNREFUSED

        assertThatCode(notifier::ready).doesNotThrowAnyException();
    }

    @Test
    void withoutNotifySocketJnaIsNeverLoaded() throws Exception {
        // A fresh JVM: this one has loaded JNA for the other tests.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), QuietMain.class.getName())
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains(SystemdNotifier.class.getName()).doesNotContain("com.sun.jna");
    }

    /** What -p and -o do with the notifier: create it from an environment without NOTIFY_SOCKET and use it. */
    static final class QuietMain {
        public static void main(String[] args) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of());
            notifier.ready();
            notifier.status("done");
            notifier.stopping();
        }
    }

    /** systemd's end of the socket. */
    private static final class Receiver implements AutoCloseable {
        private static final int AF_UNIX = 1;
        private static final int SOCK_DGRAM = 2;
        private static final int POLLIN = 1;
        private static final int MSG_DONTWAIT = 0x40;
        private static final Sockets LIBC = Native.load("c", Sockets.class);

        private final int fd;

        private Receiver(int fd) {
            this.fd = fd;
        }

        static Receiver bind(String address) {
            byte[] name = address.getBytes(StandardCharsets.UTF_8);
            boolean abstractName = address.startsWith("@");
            if (abstractName) {
                name[0] = 0;
            }
            ByteBuffer sockaddr = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
            sockaddr.putShort((short) AF_UNIX).put(name);
            int length = 2 + name.length + (abstractName ? 0 : 1);
            int fd = LIBC.socket(AF_UNIX, SOCK_DGRAM, 0);
            LIBC.bind(fd, sockaddr.array(), length);
            return new Receiver(fd);
        }

        /** Every datagram sent so far: the first must come within seconds, the rest must already be queued. */
        List<String> receiveAll() {
            PollFd poll = new PollFd();
            poll.fd = fd;
            poll.events = POLLIN;
            assertThat(LIBC.poll(poll, 1, 5000)).as("a datagram within 5 s").isEqualTo(1);
            List<String> datagrams = new ArrayList<>();
            byte[] buffer = new byte[4096];
            while (true) {
                int length;
                try {
                    length = LIBC.recv(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT).intValue();
                } catch (LastErrorException e) {
                    assertThat(datagrams).as("recv failed: %s", e.getMessage()).isNotEmpty();
                    return datagrams; // EAGAIN: the queue is empty
                }
                datagrams.add(new String(buffer, 0, length, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
            LIBC.close(fd);
        }
    }

    interface Sockets extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int poll(PollFd fds, int count, int timeoutMillis) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd);
    }

    /** {@code struct pollfd}. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }
}
