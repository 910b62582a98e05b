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
 * it), then hold them silent and report the server's memory. Opening stops early, with the reason
 * in the result, when the system runs out of descriptors or ports.
 *
 * <p>Threading: runs on the caller's thread, once.
 */
final class IdleLoad {

    /** How long the echoes may take in all. */
    static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long opening may take in all, so that a server that stops accepting cannot hang the run. */
    static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchPlan plan;
    private final Connector connector;
    private final Progress progress;
    /** Connections whose echo came back whole, counted by the selector's callback. */
    private int answered;
    /** Connections the server closed during the hold, likewise. */
    private int closed;

    IdleLoad(BenchPlan plan, Connector connector, Progress progress) {
        this.plan = plan;
        this.connector = connector;
        this.progress = progress;
    }

    BenchResult.Idle run() throws IOException {
        long rssBefore = serverRss();
        List<SocketChannel> channels = new ArrayList<>(plan.connections());
        String failure = "";
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            while (channels.size() < plan.connections()) {
                if (System.nanoTime() - start > OPEN_NANOS) {
                    failure = "opening took longer than " + TimeUnit.NANOSECONDS.toSeconds(OPEN_NANOS) + " s";
                    break;
                }
                SocketChannel channel;
                try {
                    channel = connector.open(channels.size());
                } catch (IOException e) {
                    failure = Failures.describe(e);
                    break;
                }
                channels.add(channel);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Echo());
                progress.maybe(() -> "opened " + channels.size() + " of " + plan.connections());
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            if (plan.size() > 0) {
                echoOnce(selector, channels);
            }
            hold(selector, channels.size());
            return new BenchResult.Idle(plan, channels.size(), answered, channels.size() - closed, connectSeconds,
                    rssBefore, serverRss(), failure);
        } finally {
            for (SocketChannel c : channels) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing at the end: nothing left to report
                }
            }
        }
    }

    /** The server's resident memory in KiB, or -1 when not asked for or not known. */
    private long serverRss() {
        return plan.serverPid().isPresent() ? ProcessMemory.residentKib(plan.serverPid().getAsLong()) : -1;
    }

    /** A connection's one echo: the bytes of it come back so far. */
    private static final class Echo {
        int received;
    }

    /** Sends one message per connection and counts the connections whose echo came back whole. */
    private void echoOnce(Selector selector, List<SocketChannel> channels) throws IOException {
        ByteBuffer message = EchoPayload.direct(plan.size());
        for (SocketChannel c : channels) {
            message.clear();
            // A message this small fits an empty socket buffer: one write sends it all.
            c.write(message);
        }
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        long deadline = System.nanoTime() + ANSWER_NANOS;
        while (answered < channels.size() && System.nanoTime() < deadline) {
            selector.select(key -> {
                Echo echo = (Echo) key.attachment();
                int n = read(key, sink);
                if (n > 0 && echo.received < plan.size() && (echo.received += n) >= plan.size()) {
                    answered++;
                }
            }, 100);
            progress.maybe(() -> "answered " + answered + " of " + channels.size());
        }
    }

    /** Holds the connections for the plan's duration, counting those the server closes. */
    private void hold(Selector selector, int opened) throws IOException {
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        long end = System.nanoTime() + plan.duration().toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            selector.select(key -> {
                if (read(key, sink) < 0) {
                    closed++;
                }
            }, Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            progress.maybe(() -> "holding " + (opened - closed) + " connections");
        }
    }

    /** Reads and discards; -1 (and the key cancelled) when the server closed the connection. */
    private static int read(SelectionKey key, ByteBuffer sink) {
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
