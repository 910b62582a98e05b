package dev.netkit.bench;

import dev.netkit.Connection;
import dev.netkit.Failures;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle workload over TLS: open the connections (a full handshake each), send one message on
 * each and wait for its echo, then hold them silent and report the server's memory, as
 * {@link IdleLoad} does for plain connections. A failure to open ends opening; the result says
 * why and counts what was opened before.
 *
 * <p>Threading: runs on the caller's thread, once; the opening is {@link TlsBench}'s.
 */
final class TlsIdleLoad {

    /** Opens the connections, all or none (closing what it opened when one fails). */
    @FunctionalInterface
    interface Opener {
        List<Connection> open() throws IOException, InterruptedException;
    }

    private final BenchPlan plan;
    private final Progress progress;

    TlsIdleLoad(BenchPlan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    BenchResult.Idle run(Opener opener) throws InterruptedException {
        long rssBefore = serverRss();
        long start = System.nanoTime();
        List<Connection> connections = List.of();
        String failure = "";
        try {
            connections = opener.open();
        } catch (IOException | RuntimeException e) {
            failure = Failures.describe(e);
        }
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        try {
            int answered = plan.size() > 0 ? echoOnce(connections) : 0;
            hold(connections.size());
            int open = (int) connections.stream().filter(Connection::isOpen).count();
            return new BenchResult.Idle(plan, connections.size(), answered, open, connectSeconds,
                    rssBefore, serverRss(), failure);
        } finally {
            connections.forEach(Connection::close);
        }
    }

    /** The server's resident memory in KiB, or -1 when not asked for or not known. */
    private long serverRss() {
        return plan.serverPid().isPresent() ? ProcessMemory.residentKib(plan.serverPid().getAsLong()) : -1;
    }

    /** One echo per connection, in turn, within {@link IdleLoad#ANSWER_NANOS} in all: the count that came back whole. */
    private int echoOnce(List<Connection> connections) {
        byte[] message = EchoPayload.bytes(plan.size());
        long deadline = System.nanoTime() + IdleLoad.ANSWER_NANOS;
        int answered = 0;
        for (Connection c : connections) {
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                c.output().write(message);
                c.output().flush();
                if (Arrays.equals(c.input().readNBytes(message.length), message)) {
                    answered++;
                }
            } catch (IOException e) {
                // not answered: the count says so
            }
            int sofar = answered;
            progress.maybe(() -> "answered " + sofar + " of " + connections.size());
        }
        return answered;
    }

    private void hold(int opened) throws InterruptedException {
        long end = System.nanoTime() + plan.duration().toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            progress.maybe(() -> "holding " + opened + " connections");
        }
    }
}
