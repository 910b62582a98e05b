package dev.netkit.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A real HAProxy in the foreground, with a configuration written to a temporary directory for
 * frontends on free loopback ports. HAProxy cannot take port 0, so the ports are picked by binding
 * port 0 and closing it, and the start is retried if another process took one meanwhile.
 */
public final class Haproxy implements AutoCloseable {

    private static final int TRIES = 3;

    private final Process process;
    private final int[] ports;
    private final Path log;

    private Haproxy(Process process, int[] ports, Path log) {
        this.process = process;
        this.ports = ports;
        this.log = log;
    }

    /**
     * Starts HAProxy in TCP mode with {@code frontends} free ports, handed to {@code sections},
     * which returns the configuration's frontends and backends (the global and defaults sections
     * are written here); returns once every frontend accepts connections.
     */
    public static Haproxy start(Path dir, int frontends, Function<int[], String> sections) throws IOException, InterruptedException {
        String failures = "";
        for (int attempt = 0; attempt < TRIES; attempt++) {
            int[] ports = IntStream.range(0, frontends).map(i -> Sockets.freePort()).toArray();
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, """
                    global
                        maxconn 200
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 30s
                        timeout server 30s
                    """ + sections.apply(ports));
            Path log = dir.resolve("haproxy-" + attempt + ".log");
            Process process;
            try {
                process = new ProcessBuilder(List.of("haproxy", "-db", "-f", config.toString()))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("haproxy is needed for this test and could not be started (.ci/run installs it): "
                        + e.getMessage(), e);
            }
            Haproxy haproxy = new Haproxy(process, ports, log);
            if (haproxy.awaitListening(Duration.ofSeconds(15))) {
                return haproxy;
            }
            failures += "\n" + haproxy.output();
            haproxy.close();
        }
        throw new AssertionError("haproxy did not start in " + TRIES + " tries:" + failures);
    }

    /** The port of frontend {@code i}, in the order given to the configuration. */
    public int port(int i) {
        return ports[i];
    }

    /** What HAProxy has written so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private boolean awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(20);
            }
        }
        return true;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
