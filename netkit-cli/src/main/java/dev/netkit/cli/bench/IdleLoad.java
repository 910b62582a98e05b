package dev.netkit.cli.bench;

import dev.netkit.Failures;

import java.io.IOException;
import java.io.PrintStream;
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
 * <p>Threading: runs on the caller's thread.
 */
final class IdleLoad {

    /** How long the echoes may take in all. */
    static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long opening may take in all, so that a server that stops accepting cannot hang the run. */
    static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchPlan plan;
    private final Progress progress;

    IdleLoad(BenchPlan plan, PrintStream progressOut) {
        this.plan = plan;
        this.progress = new Progress(progressOut);
    }

    BenchResult.Idle run() throws IOException {
        long rssBefore = plan.serverPid().isPresent() ? ProcessMemory.residentKib(plan.serverPid().getAsLong()) : -1;
        Connector connector = new Connector(plan.target(), plan.sources());
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
                channel.register(selector, SelectionKey.OP_READ, new int[1]);
                progress.maybe(() -> "opened " + channels.size() + " of " + plan.connections());
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            int answered = plan.size() > 0 ? echoOnce(selector, channels) : 0;
            int open = hold(selector, channels.size());
            long rssAfter = plan.serverPid().isPresent() ? ProcessMemory.residentKib(plan.serverPid().getAsLong()) : -1;
            return new BenchResult.Idle(plan, channels.size(), answered, open, connectSeconds, rssBefore, rssAfter, failure);
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

    /** Sends one message per connection and counts the connections whose echo came back whole. */
    private int echoOnce(Selector selector, List<SocketChannel> channels) throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(plan.size());
        for (SocketChannel c : channels) {
            message.clear();
            // A message this small fits an empty socket buffer: one write sends it all.
            c.write(message);
        }
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        int[] answered = {0};
        long deadline = System.nanoTime() + ANSWER_NANOS;
        while (answered[0] < channels.size() && System.nanoTime() < deadline) {
            selector.select(key -> {
                int[] received = (int[]) key.attachment();
                int n = read(key, sink);
                if (n > 0 && received[0] < plan.size() && (received[0] += n) >= plan.size()) {
                    answered[0]++;
                }
            }, 100);
            progress.maybe(() -> "answered " + answered[0] + " of " + channels.size());
        }
        return answered[0];
    }

    /** Holds the connections for the plan's duration; returns how many are still open. */
    private int hold(Selector selector, int opened) throws IOException {
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        int[] closed = {0};
        long end = System.nanoTime() + plan.duration().toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            selector.select(key -> {
                if (read(key, sink) < 0) {
                    closed[0]++;
                }
            }, Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            progress.maybe(() -> "holding " + (opened - closed[0]) + " connections");
        }
        return opened - closed[0];
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
