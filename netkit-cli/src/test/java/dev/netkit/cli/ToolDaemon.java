package dev.netkit.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real server tool (microsocks, tinyproxy, ncat -l) run for a test on a free loopback port:
 * the port is picked by binding 0 and closing, and picked again when the tool cannot take it;
 * the tool is ready once its port accepts a connection. Every wait is bounded.
 */
final class ToolDaemon implements AutoCloseable {

    private static final int ATTEMPTS = 3;
    private static final long READY_MILLIS = 10_000;

    final int port;
    private final Process process;
    private final Path log;

    private ToolDaemon(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the tool that {@code command} makes for a port, on 127.0.0.1.
     *
     * @param command the command line for a given port
     * @return the running tool
     */
    static ToolDaemon start(IntFunction<List<String>> command) throws Exception {
        String failure = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> line = command.apply(port);
            Path log = Files.createTempFile("netkit-tool", ".log");
            Process process;
            try {
                process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError(line.getFirst() + " is needed for this test (.ci/run installs it): " + e.getMessage());
            }
            ToolDaemon daemon = new ToolDaemon(port, process, log);
            if (daemon.awaitReady()) {
                return daemon;
            }
            failure = daemon.output();
            daemon.close();
        }
        throw new AssertionError("could not start the tool after " + ATTEMPTS + " attempts: " + failure);
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_MILLIS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    /** What the tool has written so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file
        }
    }
}
