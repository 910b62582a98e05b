package dev.netkit.cli;

import dev.netkit.testing.ConnectLoop;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.NetworkNamespace;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart of {@code netkit serve --reuse-port}: a second process binds the port of a
 * first, the first stops (SIGTERM), and a steady stream of connects from several threads at once
 * meanwhile loses none, neither refused nor reset. Everything runs in a network namespace of the
 * test's own with {@code net.ipv4.tcp_migrate_req} on, as the README tells operators to set it:
 * without it Linux resets what sits in the closing listener's accept queue (seen here: a dozen
 * resets in some runs of this load). A connect that fails says how, with what the servers logged
 * of its port.
 */
class RollingRestartProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GREETING = "Welcome to echo server!";

    @Test
    void aRollingRestartWithReusePortLosesNoConnect() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("restart");
             NetkitProcess old = serve(ns, "0")) {
            int port = old.awaitPort();
            try (Connects load = Connects.start(ns, port, 8, 1)) {
                load.awaitServed(100);
                try (NetkitProcess next = serve(ns, String.valueOf(port))) {
                    assertThat(next.awaitPort()).isEqualTo(port);
                    old.terminate();
                    assertThat(old.awaitExit(WAIT)).isZero();
                    // The old one has gone: what connects now is the new one's.
                    int servedBefore = load.served.get();
                    load.awaitServed(servedBefore + 200);
                    load.finish();
                    assertThat(load.failures).as("connects refused, or reset or closed before the greeting; the servers"
                            + " said of them: " + said(load.failures, old, next)).isEmpty();
                }
                assertThat(load.served.get()).isGreaterThanOrEqualTo(300);
            }
        }
    }

    /** What the servers logged of the connects that failed: the lines that name their ports. */
    private static List<String> said(Queue<String> failures, NetkitProcess old, NetkitProcess next)
            throws InterruptedException {
        List<String> lines = new ArrayList<>();
        lines.addAll(old.awaitAllErr(WAIT).stream().map(l -> "old: " + l).toList());
        next.terminate();
        lines.addAll(next.awaitAllErr(WAIT).stream().map(l -> "new: " + l).toList());
        return lines.stream().filter(l -> failures.stream().anyMatch(f -> l.contains(":" + port(f) + " ")
                || l.contains(":" + port(f) + ",") || l.endsWith(":" + port(f)))).toList();
    }

    private static String port(String failure) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("from port (\\d+)").matcher(failure);
        return m.find() ? m.group(1) : "none";
    }

    /**
     * A server in the namespace, on the NIO transport: its blocking accept is where a stop that
     * interrupted the accepting thread once lost a connection just taken from the queue.
     */
    private static NetkitProcess serve(NetworkNamespace ns, String port) throws IOException {
        return NetkitProcess.start(new ProcessBuilder(ns.exec(NetkitProcess.command(List.of(),
                "serve", "echo", "--host", "127.0.0.1", "--port", port, "--reuse-port", "--transport", "nio"))));
    }

    /** {@link ConnectLoop} as a process in the namespace, its outcomes counted as they come. */
    private static final class Connects implements AutoCloseable {
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        private final Process process;
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<String> odd = new ArrayList<>();
        /** What became of the connects that were refused or lost. */
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        private Connects(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().start(this::read);
        }

        /** {@code threads} connecting at once, each pausing {@code pauseMillis} between attempts. */
        static Connects start(NetworkNamespace ns, int port, int threads, int pauseMillis) throws IOException {
            List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), ConnectLoop.class.getName(), "127.0.0.1",
                    String.valueOf(port), String.valueOf(threads), String.valueOf(pauseMillis));
            return new Connects(new ProcessBuilder(ns.exec(java)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("done")) {
                        done.countDown();
                    } else if (line.equals(ConnectLoop.Outcome.SERVED + " " + GREETING)) {
                        served.incrementAndGet();
                    } else if (line.startsWith(ConnectLoop.Outcome.REFUSED + " ")) {
                        refused.incrementAndGet();
                        failures.add(line);
                    } else if (line.startsWith(ConnectLoop.Outcome.LOST + " ")) {
                        lost.incrementAndGet();
                        failures.add(line);
                    } else {
                        synchronized (odd) {
                            odd.add(line);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        void awaitServed(int atLeast) {
            Eventually.await(atLeast + " connects served (so far: refused " + refused + ", lost " + lost + ")", WAIT,
                    () -> served.get() >= atLeast);
        }

        /** Stops the connects (closes their stdin) and waits until every attempt is counted. */
        void finish() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the connects did not finish within " + WAIT);
            }
            synchronized (odd) {
                assertThat(odd).as("lines that are no outcome").isEmpty();
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
