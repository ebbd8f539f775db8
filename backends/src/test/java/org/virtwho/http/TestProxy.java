package org.virtwho.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy on 127.0.0.1 for tests: {@code CONNECT host:port} is answered with 200 and then bytes are
 * piped both ways; an absolute-form request ({@code GET http://host:port/path}) is forwarded, one per
 * connection. With credentials it wants Basic proxy authentication, answering 407 otherwise (and keeping the
 * connection open, as real proxies do, for the client's second try). It counts the requests it carried.
 */
final class TestProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    /** Request headers for this hop only, which a proxy does not pass on (RFC 9110, section 7.6.1). */
    private static final Set<String> HOP_BY_HOP =
            Set.of("proxy-authorization", "proxy-connection", "connection", "keep-alive", "upgrade", "te");

    private final ServerSocket server;
    private final Optional<String> expectedAuthorization;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger carried = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private TestProxy(Optional<String> expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    /** A proxy that carries anything. */
    static TestProxy open() throws IOException {
        return new TestProxy(Optional.empty());
    }

    /** A proxy that carries only requests with these Basic credentials. */
    static TestProxy withBasicAuth(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new TestProxy(Optional.of("Basic " + token));
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many requests (CONNECT tunnels and forwarded requests) it carried. */
    int carried() {
        return carried.get();
    }

    /** How many requests it answered with 407. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test proxy's threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                if (requestLine.length != 3) {
                    answer(out, "400 Bad Request");
                    return;
                }
                if (!authorized(head)) {
                    skipBody(in, head);
                    refused.incrementAndGet();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue;
                }
                if (requestLine[0].equals("CONNECT")) {
                    tunnel(client, in, out, requestLine[1]);
                } else {
                    forward(in, out, requestLine, head);
                }
                return;
            }
        } catch (IOException e) {
            // The client or the target went away: nothing to do for a test proxy.
        } finally {
            sockets.remove(client);
        }
    }

    private boolean authorized(List<String> head) {
        return expectedAuthorization.isEmpty() || header(head, "Proxy-Authorization").equals(expectedAuthorization);
    }

    private void tunnel(Socket client, InputStream in, OutputStream out, String authority) throws IOException {
        int colon = authority.lastIndexOf(':');
        try (Socket target = connect(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)))) {
            carried.incrementAndGet();
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            threads.execute(() -> pipe(target, client));
            pipe(in, target);
        }
    }

    /** Forwards one request in origin form and its response, then closes: "Connection: close" both ways. */
    private void forward(InputStream in, OutputStream out, String[] requestLine, List<String> head) throws IOException {
        URI uri = URI.create(requestLine[1]);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        try (Socket target = connect(uri.getHost(), port)) {
            carried.incrementAndGet();
            String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            StringBuilder request = new StringBuilder(requestLine[0] + " " + path + " " + requestLine[2] + "\r\n");
            for (String line : head.subList(1, head.size())) {
                String name = line.substring(0, Math.max(line.indexOf(':'), 0)).toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(name)) {
                    request.append(line).append("\r\n");
                }
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream toTarget = target.getOutputStream();
            toTarget.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            toTarget.write(in.readNBytes(contentLength(head)));
            toTarget.flush();

            InputStream fromTarget = new BufferedInputStream(target.getInputStream());
            List<String> responseHead = readHead(fromTarget);
            StringBuilder response = new StringBuilder();
            for (String line : responseHead) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    response.append(line).append("\r\n");
                }
            }
            response.append("Connection: close\r\n\r\n");
            out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
            fromTarget.transferTo(out);
            out.flush();
        }
    }

    private Socket connect(String host, int port) throws IOException {
        Socket target = new Socket(host, port);
        sockets.add(target);
        return target;
    }

    private void pipe(Socket from, Socket to) {
        try {
            pipe(from.getInputStream(), to);
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void answer(OutputStream out, String status) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The lines up to the empty line; empty at the end of the stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return List.of();
            }
            bytes.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (bytes.size() > MAX_HEAD) {
                throw new IOException("request head too long");
            }
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n")));
    }

    private static Optional<String> header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static int contentLength(List<String> head) {
        return header(head, "Content-Length").map(Integer::parseInt).orElse(0);
    }

    private static void skipBody(InputStream in, List<String> head) throws IOException {
        in.skipNBytes(contentLength(head));
    }
}
