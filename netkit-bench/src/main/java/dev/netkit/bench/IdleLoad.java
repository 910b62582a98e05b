package dev.netkit.bench;

import dev.netkit.Failures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle workload: open the connections one after another, send one message on each and wait
 * for its echo (so that the server has really set every one up, not merely let the kernel queue
 * it), then hold them silent and report the server's memory; in two halves when it watches the
 * server ({@link IdleRun}). Opening stops early, with the reason in the result, when the system
 * runs out of descriptors or ports.
 *
 * <p>Threading: one thread, once.
 */
final class IdleLoad implements IdleRun.Crowd, AutoCloseable {

    /** How long the echoes may take in all, each half. */
    static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long opening may take in all, so that a server that stops accepting cannot hang the run. */
    static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchPlan plan;
    private final Connector connector;
    private final Progress progress;
    private final Selector selector;
    private final List<SocketChannel> channels;
    /** Reads and drops what the server sends. */
    private final ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
    /** Time spent opening so far, against {@link #OPEN_NANOS}. */
    private long openingNanos;
    /** Connections that have had their one message; the rest are still to send it. */
    private int echoed;
    /** Connections whose echo came back whole, counted by the selector's callback. */
    private int answered;
    /** Connections the server closed, likewise. */
    private int closed;

    private IdleLoad(BenchPlan plan, Connector connector, Progress progress) throws IOException {
        this.plan = plan;
        this.connector = connector;
        this.progress = progress;
        this.selector = Selector.open();
        this.channels = new ArrayList<>(plan.connections());
    }

    /** Runs the idle workload of {@code plan}, closing every connection at the end. */
    static BenchResult.Idle run(BenchPlan plan, Connector connector, Progress progress)
            throws IOException, InterruptedException {
        try (IdleLoad load = new IdleLoad(plan, connector, progress)) {
            return new IdleRun(plan, progress).run(load);
        }
    }

    @Override
    public String open(int count) throws IOException {
        long start = System.nanoTime();
        int target = channels.size() + count;
        try {
            while (channels.size() < target) {
                if (openingNanos + System.nanoTime() - start > OPEN_NANOS) {
                    return "opening took longer than " + TimeUnit.NANOSECONDS.toSeconds(OPEN_NANOS) + " s";
                }
                SocketChannel channel;
                try {
                    channel = connector.open(channels.size());
                } catch (IOException e) {
                    return Failures.describe(e);
                }
                channels.add(channel);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Echo());
                progress.maybe(() -> "opened " + channels.size() + " of " + plan.connections());
            }
            return "";
        } finally {
            openingNanos += System.nanoTime() - start;
        }
    }

    @Override
    public int opened() {
        return channels.size();
    }

    @Override
    public int answered() {
        return answered;
    }

    @Override
    public int openNow() {
        return channels.size() - closed;
    }

    @Override
    public void close() {
        for (SocketChannel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing at the end: nothing left to report
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // as above
        }
    }

    /** A connection's one echo: the bytes of it come back so far. */
    private static final class Echo {
        int received;
    }

    /** Sends one message on each connection not yet echoed and counts those whose echo came back whole. */
    @Override
    public void echo() throws IOException {
        ByteBuffer message = EchoPayload.direct(plan.size());
        for (SocketChannel c : channels.subList(echoed, channels.size())) {
            message.clear();
            // A message this small fits an empty socket buffer: one write sends it all.
            c.write(message);
        }
        echoed = channels.size();
        long deadline = System.nanoTime() + ANSWER_NANOS;
        while (answered < echoed && System.nanoTime() < deadline) {
            selector.select(key -> {
                Echo echo = (Echo) key.attachment();
                int n = read(key);
                if (n < 0) {
                    closed++;
                } else if (n > 0 && echo.received < plan.size() && (echo.received += n) >= plan.size()) {
                    answered++;
                }
            }, 100);
            progress.maybe(() -> "answered " + answered + " of " + echoed);
        }
    }

    /** Holds the connections for {@code nanos}, counting those the server closes. */
    @Override
    public void hold(long nanos) throws IOException {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            selector.select(key -> {
                if (read(key) < 0) {
                    closed++;
                }
            }, Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            progress.maybe(() -> "holding " + openNow() + " connections");
        }
    }

    /** Reads and discards; -1 (and the key cancelled) when the server closed the connection. */
    private int read(SelectionKey key) {
        try {
            int n = ((SocketChannel) key.channel()).read(sink.clear());
            if (n < 0) {
                key.cancel();
            }
            return n;
        } catch (IOException e) {
            key.cancel();
            return -1;
        }
    }
}
