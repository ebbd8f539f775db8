package org.virtwho.backend.esx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.virtwho.backend.libvirt.RequiredPeer;

/**
 * VMware's vSphere simulator, built here from Debian's golang-github-vmware-govmomi-dev with our own launcher
 * ({@code src/test/vcsim/main.go}) and started on a free port of 127.0.0.1 for one test class. It serves HTTPS
 * with a self-signed certificate, which it writes to a file so tests can trust it as a CA.
 */
public final class VcSimulator implements AutoCloseable {
    /** The {@code scripts/install-packages} role that installs Go and govmomi. */
    public static final String ROLE = "vcsim";
    private static final Path GOVMOMI = Path.of("/usr/share/gocode/src/github.com/vmware/govmomi/simulator");

    private final Process process;
    private final String url;
    private final Path certificate;

    private VcSimulator(Process process, String url, Path certificate) {
        this.process = process;
        this.url = url;
        this.certificate = certificate;
    }

    /**
     * @param arguments the launcher's flags, e.g. {@code -clusters 2 -cluster-hosts 3 -vms 4}, or {@code -esx}
     */
    public static VcSimulator start(String... arguments) throws IOException, InterruptedException {
        Path binary = binary();
        Path certificate = Files.createTempFile(binary.getParent(), "vcsim-", ".pem");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-stdin", "-cert-out", certificate.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the vSphere simulator did not start within 120 s", e);
        }
        if (line == null || !line.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("the vSphere simulator did not start: " + line);
        }
        return new VcSimulator(process, line.split(" ")[1], certificate);
    }

    /** e.g. {@code https://127.0.0.1:40123/sdk} */
    public String url() {
        return url;
    }

    /** The server's self-signed certificate, to trust as {@code ca_cert}. */
    public Path certificate() {
        return certificate;
    }

    /** The launcher, built once per checkout and again when its source changes. */
    public static synchronized Path binary() throws IOException, InterruptedException {
        RequiredPeer.require(RequiredPeer.onPath("go") && Files.isDirectory(GOVMOMI),
                "Go and VMware's govmomi simulator (golang-go, golang-github-vmware-govmomi-dev) are", ROLE);
        Path sources = sources();
        Path binary = sources.resolve("../../../target/vcsim/vcsim").normalize();
        if (Files.isExecutable(binary) && Files.getLastModifiedTime(binary)
                .compareTo(Files.getLastModifiedTime(sources.resolve("main.go"))) > 0) {
            return binary;
        }
        Files.createDirectories(binary.getParent());
        Process process = new ProcessBuilder(sources.resolve("build").toString(), binary.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("building the vSphere simulator failed:\n" + output);
        }
        return binary;
    }

    /** backends/src/test/vcsim, from the backends module or from the end-to-end module below the repository. */
    private static Path sources() throws IOException {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            for (Path candidate : List.of(directory.resolve("src/test/vcsim"), directory.resolve("backends/src/test/vcsim"))) {
                if (Files.isRegularFile(candidate.resolve("main.go"))) {
                    return candidate;
                }
            }
        }
        throw new IOException("backends/src/test/vcsim/main.go not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() throws InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException e) {
            // closing stdin is the launcher's signal to stop; it is also sent SIGTERM below
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(certificate);
        } catch (IOException e) {
            // a temp file in target/
        }
    }
}
