package dev.netkit.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real {@code redis-server} for a test: on a free loopback port, without persistence, in a
 * temporary directory; it can be stopped and started again on the same port. A machine without
 * {@code redis-server} fails the test (CI installs it).
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_SECONDS = 20;

    private final Path dir;
    private int port;
    private Process process;

    private RedisServer(Path dir) {
        this.dir = dir;
    }

    /** Starts one on a free port. */
    public static RedisServer start() throws IOException, InterruptedException {
        RedisServer server = new RedisServer(Files.createTempDirectory("redis-test"));
        for (int attempt = 1; ; attempt++) {
            server.port = freePort();
            if (server.launch() || attempt == 5) {
                if (server.process == null) {
                    fail("redis-server did not start on a free port in 5 attempts; see " + server.dir);
                }
                return server;
            }
        }
    }

    /** Starts it again on the same port after {@link #stop()}. */
    public void restart() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!launch()) {
            if (System.nanoTime() > deadline) {
                fail("redis-server did not start again on port " + port);
            }
            Thread.sleep(100);
        }
    }

    /** Stops it (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(START_SECONDS, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT/ROOM}. */
    public String uri(String room) {
        return "redis://127.0.0.1:" + port + "/" + room;
    }

    /** Whether it answers PING now. */
    public boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = s.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the process; false when it exited (the port was taken meanwhile). */
    private boolean launch() throws IOException, InterruptedException {
        Path log = dir.resolve("redis-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("redis-server is not installed or cannot run (" + e.getMessage()
                    + "); install the Debian package redis-server (.ci/run does)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false;
            }
            if (answers()) {
                process = p;
                return true;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        fail("redis-server did not answer within " + START_SECONDS + " s; its log: " + readLog(log));
        return false;
    }

    private static String readLog(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
