package dev.netkit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Linux network namespace of the test's own ({@code ip netns add}), with its loopback up and
 * {@code net.ipv4.tcp_migrate_req} on, so that the connections queued on an {@code SO_REUSEPORT}
 * listener that closes move to another listener of the port instead of being reset. Commands run
 * inside it through {@link #exec}; {@link #close} deletes it. Needs root and iproute2, as CI has:
 * when the namespace cannot be made the test fails, saying why.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final long COMMAND_SECONDS = 20;

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Makes a namespace named after {@code purpose}, this process and a counter, so that tests
     * running at once never share one.
     *
     * @throws AssertionError when it cannot be made or set up (it is deleted again)
     */
    public static NetworkNamespace create(String purpose) {
        NetworkNamespace ns = new NetworkNamespace("netkit-" + purpose + "-" + ProcessHandle.current().pid() + "-"
                + COUNT.incrementAndGet());
        run(List.of("ip", "netns", "add", ns.name));
        try {
            run(List.of("ip", "-n", ns.name, "link", "set", "lo", "up"));
            run(ns.exec("sysctl", "-w", "net.ipv4.tcp_migrate_req=1"));
            String value = run(ns.exec("cat", "/proc/sys/net/ipv4/tcp_migrate_req")).strip();
            if (!value.equals("1")) {
                throw new AssertionError("net.ipv4.tcp_migrate_req is " + value + " in " + ns.name + " after setting it to 1");
            }
            return ns;
        } catch (AssertionError e) {
            ns.close();
            throw e;
        }
    }

    /** The namespace's name, as {@code ip netns} knows it. */
    public String name() {
        return name;
    }

    /** {@code command} run inside the namespace: {@code ip netns exec NAME command...}, which execs it in place. */
    public List<String> exec(String... command) {
        return exec(List.of(command));
    }

    /** {@code command} run inside the namespace: {@code ip netns exec NAME command...}, which execs it in place. */
    public List<String> exec(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(command);
        return all;
    }

    /** Deletes the namespace; processes still in it keep it alive until they end. */
    @Override
    public void close() {
        run(List.of("ip", "netns", "delete", name));
    }

    /** Runs {@code command} to its end (bounded) and returns its output; fails the test when it fails. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + COMMAND_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(cannot(command) + ": exit " + p.exitValue() + ", " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(cannot(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    private static String cannot(List<String> command) {
        return "cannot set up a network namespace (needs root and iproute2's ip netns, as CI has): "
                + String.join(" ", command);
    }
}
