package dev.netkit.bench;

import dev.netkit.Connection;
import dev.netkit.Failures;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle workload over TLS: open the connections (a full handshake each), send one message on
 * each and wait for its echo, then hold them silent and report the server's memory, in the steps
 * of {@link IdleRun} as {@link IdleLoad} does for plain connections. A failure to open ends
 * opening; the result says why and counts what was opened before.
 *
 * <p>Threading: one thread, once; the opening is {@link TlsBench}'s.
 */
final class TlsIdleLoad implements IdleRun.Crowd, AutoCloseable {

    /** Opens connections, all or none (closing what it opened when one fails). */
    @FunctionalInterface
    interface Opener {
        List<Connection> open(int count) throws IOException, InterruptedException;
    }

    private final BenchPlan plan;
    private final Opener opener;
    private final Progress progress;
    private final List<Connection> connections = new ArrayList<>();
    /** Connections that have had their one message; the rest are still to send it. */
    private int echoed;
    private int answered;

    private TlsIdleLoad(BenchPlan plan, Opener opener, Progress progress) {
        this.plan = plan;
        this.opener = opener;
        this.progress = progress;
    }

    /** Runs the idle workload of {@code plan} over TLS, closing every connection at the end. */
    static BenchResult.Idle run(BenchPlan plan, Opener opener, Progress progress)
            throws IOException, InterruptedException {
        try (TlsIdleLoad load = new TlsIdleLoad(plan, opener, progress)) {
            return new IdleRun(plan, progress).run(load);
        }
    }

    @Override
    public String open(int count) throws InterruptedException {
        try {
            connections.addAll(opener.open(count));
            return "";
        } catch (IOException | RuntimeException e) {
            return Failures.describe(e);
        }
    }

    /**
     * One echo on each connection not yet echoed, in turn, within {@link IdleLoad#ANSWER_NANOS}
     * in all.
     */
    @Override
    public void echo() {
        byte[] message = EchoPayload.bytes(plan.size());
        long deadline = System.nanoTime() + IdleLoad.ANSWER_NANOS;
        for (Connection c : connections.subList(echoed, connections.size())) {
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
            progress.maybe(() -> "answered " + answered + " of " + connections.size());
        }
        echoed = connections.size();
    }

    @Override
    public void hold(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            progress.maybe(() -> "holding " + connections.size() + " connections");
        }
    }

    @Override
    public int opened() {
        return connections.size();
    }

    @Override
    public int answered() {
        return answered;
    }

    @Override
    public int openNow() {
        return (int) connections.stream().filter(Connection::isOpen).count();
    }

    @Override
    public void close() {
        connections.forEach(Connection::close);
    }
}
