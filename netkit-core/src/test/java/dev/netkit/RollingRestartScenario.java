package dev.netkit;

import dev.netkit.testing.ConnectLoop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@link RollingRestartTest}'s scenario, run as a JVM of its own inside the test's network
 * namespace: a server with {@code reusePort}, a steady stream of connects from a few threads, a
 * second server on the same port, then the first stopped. Prints {@code served NAME COUNT} per
 * server, {@code failed WHAT} per connect refused or lost, {@code graceful BOOLEAN}, then
 * {@code done}; a wait that runs out prints {@code timeout WHAT}. Plain Java: the test's class
 * path is not there.
 */
final class RollingRestartScenario {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final Queue<String> failed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private RollingRestartScenario() {
    }

    public static void main(String[] args) throws Exception {
        new RollingRestartScenario().run(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    private static Server greeter(String name, int port) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", port)).reusePort(true).name(name)
                .handler(c -> c.send(name + "\n")).start();
    }

    private void run(PrintStream out) throws Exception {
        Server old = greeter("old", 0);
        int port = old.port();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    StringBuilder detail = new StringBuilder();
                    ConnectLoop.Outcome outcome = ConnectLoop.attempt("127.0.0.1", port, detail);
                    if (outcome == ConnectLoop.Outcome.SERVED) {
                        served.computeIfAbsent(detail.toString(), n -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failed.add(outcome + " " + detail);
                    }
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
            }));
        }
        Server next = null;
        try {
            await(out, "50 served by old", () -> count("old") >= 50);
            next = greeter("new", port);
            await(out, "10 served by new", () -> count("new") >= 10);
            out.println("graceful " + old.stop(Duration.ofSeconds(5)).graceful());
            int before = count("new");
            await(out, "200 more served by new", () -> count("new") >= before + 200);
        } finally {
            stop.set(true);
            for (Thread t : load) {
                t.join(WAIT);
            }
            old.stop(Duration.ZERO);
            if (next != null) {
                next.stop(Duration.ZERO);
            }
        }
        served.forEach((name, n) -> out.println("served " + name + " " + n));
        failed.forEach(f -> out.println("failed " + f));
        out.println("done");
    }

    private int count(String name) {
        return served.getOrDefault(name, new AtomicInteger()).get();
    }

    private static void await(PrintStream out, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                out.println("timeout " + what);
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
