package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One platform thread driving many non-blocking connections through one {@link Selector}: the
 * ping-pong and stream workloads. A load generator with a thread per connection would measure its
 * own context switches; this one costs about one {@code epoll_wait}, one read and one write per
 * round trip, like the servers it measures.
 *
 * <p>Threading: everything but the counters, {@link #drainLatencies} and {@link #stop} runs on the
 * worker's own thread. Counters are written with release semantics by that thread alone.
 */
final class LoadWorker implements Meter, Runnable {

    private static final VarHandle BYTES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle ERRORS;
    private static final VarHandle LIVE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_IN = lookup.findVarHandle(LoadWorker.class, "bytesIn", long.class);
            BYTES_OUT = lookup.findVarHandle(LoadWorker.class, "bytesOut", long.class);
            ERRORS = lookup.findVarHandle(LoadWorker.class, "errors", long.class);
            LIVE = lookup.findVarHandle(LoadWorker.class, "live", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Chunks a stream connection may have in flight: bounds what the server must buffer. */
    static final int STREAM_WINDOW = 32;

    private final boolean stream;
    private final int size;
    private final Selector selector;
    private final ByteBuffer message;
    private final ByteBuffer readBuffer;
    private final List<Link> links = new ArrayList<>();
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(3);
    private final Thread thread;
    private volatile boolean stopping;

    private long bytesIn;
    private long bytesOut;
    private long errors;
    private int live;

    LoadWorker(BenchMode mode, int size, int index) throws IOException {
        this.stream = mode == BenchMode.STREAM;
        this.size = size;
        this.selector = Selector.open();
        this.message = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            message.put(i, (byte) ('a' + i % 26));
        }
        // One read drains a ping-pong reply or a good share of a stream's socket buffer.
        this.readBuffer = ByteBuffer.allocateDirect(Math.max(size, 256 * 1024));
        this.thread = Thread.ofPlatform().name("netkit-bench-" + index).daemon().unstarted(this);
    }

    /** Hands a connected channel to this worker; before {@link #start()}. */
    void add(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        Link link = new Link(channel, message.duplicate());
        link.key = channel.register(selector, stream ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ, link);
        links.add(link);
        LIVE.setRelease(this, live + 1);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            if (!stream) {
                for (Link link : links) {
                    link.sentAt = System.nanoTime();
                    send(link);
                }
            }
            while (!stopping && live > 0) {
                selector.select(this::ready, 100);
            }
        } catch (IOException | RuntimeException e) {
            for (Link link : links) {
                if (link.key.isValid()) {
                    fail(link);
                }
            }
        } finally {
            for (Link link : links) {
                try {
                    link.channel.close();
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
    }

    private void ready(SelectionKey key) {
        Link link = (Link) key.attachment();
        try {
            if (key.isReadable()) {
                if (stream) {
                    readStream(link);
                } else {
                    readPingPong(link);
                }
            }
            if (key.isValid() && key.isWritable()) {
                if (stream) {
                    writeStream(link);
                } else {
                    send(link);
                }
            }
        } catch (IOException e) {
            fail(link);
        }
    }

    // Ping-pong: one message in flight per connection; a reply may arrive in pieces.
    private void readPingPong(Link link) throws IOException {
        int n = link.channel.read(readBuffer.clear());
        if (n < 0) {
            fail(link);
            return;
        }
        BYTES_IN.setRelease(this, bytesIn + n);
        link.received += n;
        if (link.received >= size) {
            long now = System.nanoTime();
            recorder.recordValue(now - link.sentAt);
            link.received -= size;
            link.sentAt = now;
            link.out.clear();
            send(link);
        }
    }

    private void send(Link link) throws IOException {
        int n = link.channel.write(link.out);
        BYTES_OUT.setRelease(this, bytesOut + n);
        boolean pending = link.out.hasRemaining();
        if (pending != link.waitingToWrite) {
            // Only a reply too big for the socket buffer gets here: the common path never re-arms.
            link.waitingToWrite = pending;
            link.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    // Stream: write chunks back to back, at most STREAM_WINDOW ahead of what came back, and time
    // each chunk from the start of its write to the arrival of its last byte.
    private void readStream(Link link) throws IOException {
        int n;
        do {
            n = link.channel.read(readBuffer.clear());
            if (n < 0) {
                fail(link);
                return;
            }
            link.receivedTotal += n;
        } while (n == readBuffer.capacity());
        BYTES_IN.setRelease(this, bytesIn + (link.receivedTotal - link.countedIn));
        link.countedIn = link.receivedTotal;
        long now = 0;
        while (link.inFlight > 0 && link.receivedTotal >= link.chunkEnd(link.oldest)) {
            if (now == 0) {
                now = System.nanoTime();
            }
            recorder.recordValue(now - link.chunkStart[link.oldest]);
            link.oldest = (link.oldest + 1) % STREAM_WINDOW;
            link.inFlight--;
        }
        if (link.waitingForWindow && link.inFlight < STREAM_WINDOW) {
            link.waitingForWindow = false;
            link.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void writeStream(Link link) throws IOException {
        if (!link.chunkOpen) {
            if (link.inFlight == STREAM_WINDOW) {
                link.waitingForWindow = true;
                link.key.interestOps(SelectionKey.OP_READ);
                return;
            }
            link.out.clear();
            int slot = (link.oldest + link.inFlight) % STREAM_WINDOW;
            link.chunkStart[slot] = System.nanoTime();
            link.chunkIndex[slot] = link.chunksStarted++;
            link.inFlight++;
            link.chunkOpen = true;
        }
        int n = link.channel.write(link.out);
        BYTES_OUT.setRelease(this, bytesOut + n);
        link.chunkOpen = link.out.hasRemaining();
    }

    private void fail(Link link) {
        link.key.cancel();
        try {
            link.channel.close();
        } catch (IOException ignored) {
            // counted as an error below; the close itself has nothing to add
        }
        ERRORS.setRelease(this, errors + 1);
        LIVE.setRelease(this, live - 1);
    }

    @Override
    public long bytesIn() {
        return (long) BYTES_IN.getAcquire(this);
    }

    @Override
    public long bytesOut() {
        return (long) BYTES_OUT.getAcquire(this);
    }

    @Override
    public long errors() {
        return (long) ERRORS.getAcquire(this);
    }

    @Override
    public int live() {
        return (int) LIVE.getAcquire(this);
    }

    @Override
    public void drainLatencies(Histogram into) {
        into.add(recorder.getIntervalHistogram());
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        thread.join();
    }

    /** A connection's state; touched by the worker thread only. */
    private final class Link {
        final SocketChannel channel;
        final ByteBuffer out;
        SelectionKey key;
        // ping-pong
        long sentAt;
        int received;
        boolean waitingToWrite;
        // stream: a ring of the chunks in flight
        final long[] chunkStart = stream ? new long[STREAM_WINDOW] : null;
        final long[] chunkIndex = stream ? new long[STREAM_WINDOW] : null;
        int oldest;
        int inFlight;
        long chunksStarted;
        long receivedTotal;
        long countedIn;
        boolean waitingForWindow;
        boolean chunkOpen;

        Link(SocketChannel channel, ByteBuffer out) {
            this.channel = channel;
            this.out = out;
        }

        /** The stream offset just past the chunk in {@code slot}. */
        long chunkEnd(int slot) {
            return (chunkIndex[slot] + 1) * size;
        }
    }
}
