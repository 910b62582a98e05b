package dev.netkit.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One platform thread driving many non-blocking connections through one {@link Selector}: what
 * the ping-pong, stream and fan-out workers share. A load generator with a thread per connection
 * would measure its own context switches; this one costs about one {@code epoll_wait}, one read
 * and one write per round trip, like the servers it measures.
 *
 * <p>Connections are handed over with {@link #add}, before or after {@link #start}; the worker
 * registers each for reading at its next turn and has the subclass set it going
 * ({@link #registered}). Then it turns until stopped: each {@link #turn} ends in one
 * {@link #select}, which hands the ready connections to {@link #readable} and {@link #writable}.
 * A connection whose read or write fails, or that the server closes, is closed and counted as an
 * error.
 *
 * <p>Threading: {@link #add}, the counters, {@link #drainLatencies} and {@link #wakeup} are for
 * any thread, {@link #start} and {@link #stop} for the one that controls the run; everything else
 * runs on the worker's own thread, which alone counts bytes, errors and latencies (live
 * connections are counted as they are added, too).
 *
 * @param <L> the state of one connection
 */
abstract class SelectorWorker<L extends SelectorWorker.Link> implements Meter {

    /** A connection's state, which only the worker's thread touches once it is added. */
    static class Link {
        final SocketChannel channel;
        /** What is being written to the connection. */
        final ByteBuffer out;
        SelectionKey key;
        boolean waitingToWrite;     // the selector also reports the connection writable

        Link(SocketChannel channel, ByteBuffer out) {
            this.channel = channel;
            this.out = out;
        }
    }

    private final String name;
    private final Selector selector;
    private final Queue<L> arrivals = new ConcurrentLinkedQueue<>();
    private final List<L> links = new ArrayList<>();
    private final SingleWriterRecorder latencies = new SingleWriterRecorder(3);
    private final Counter bytesIn = new Counter();
    private final Counter bytesOut = new Counter();
    private final Counter errors = new Counter();
    private final AtomicInteger live = new AtomicInteger();
    private volatile boolean stopping;
    private Thread thread;

    SelectorWorker(String name) throws IOException {
        this.name = name;
        this.selector = Selector.open();
    }

    /**
     * Opens {@code connections} connections one after another, dealing connection {@code i} to
     * worker {@code i % workers.size()}, with a progress line while that lasts. When one fails,
     * those dealt already stay with their workers, which close them when stopped.
     */
    static void connect(Connector connector, int connections, List<? extends SelectorWorker<?>> workers,
                        Progress progress) throws IOException {
        for (int i = 0; i < connections; i++) {
            workers.get(i % workers.size()).add(connector.open(i), i);
            int opened = i + 1;
            progress.maybe(() -> "opened " + opened + " of " + connections);
        }
    }

    /** Hands over connection {@code index} of the run, connected; closes it when that fails. */
    final void add(SocketChannel channel, int index) throws IOException {
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        live.incrementAndGet();
        arrivals.add(link(channel, index));
        selector.wakeup();
    }

    /** The state of connection {@code index} of the run; made on the thread that adds it. */
    abstract L link(SocketChannel channel, int index);

    /** Sets a connection going, now that it is registered for reading. */
    abstract void registered(L link) throws IOException;

    /** One turn of the worker's loop, ending in {@link #select}. */
    abstract void turn() throws IOException;

    abstract void readable(L link) throws IOException;

    abstract void writable(L link) throws IOException;

    /** Called once a connection has failed, been closed and counted. */
    void failed(L link) {
    }

    /** Called once the worker has closed its connections and its selector, for what else it owns. */
    void closed() throws InterruptedException {
    }

    @Override
    public final void start() {
        thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    private void run() {
        try {
            while (!stopping) {
                registerArrivals();
                turn();
            }
        } catch (IOException | RuntimeException e) {
            // The selector itself failed: every connection this worker has is lost.
            errors.add(live.getAndSet(0));
        } finally {
            closeAll();
        }
    }

    private void registerArrivals() throws IOException {
        L link;
        while ((link = arrivals.poll()) != null) {
            links.add(link);
            link.key = link.channel.register(selector, SelectionKey.OP_READ, link);
            try {
                registered(link);
            } catch (IOException e) {
                fail(link);
            }
        }
    }

    /** Waits for ready connections, {@code timeoutMillis} at most, and handles them. */
    final void select(long timeoutMillis) throws IOException {
        selector.select(this::ready, timeoutMillis);
    }

    @SuppressWarnings("unchecked") // links are all this worker attaches
    private void ready(SelectionKey key) {
        L link = (L) key.attachment();
        try {
            if (key.isReadable()) {
                readable(link);
            }
            if (key.isValid() && key.isWritable()) {
                writable(link);
            }
        } catch (IOException e) {
            fail(link);
        }
    }

    /** Reads into {@code buffer}, cleared first, and counts the bytes; the server closing the connection is a failure. */
    final int read(L link, ByteBuffer buffer) throws IOException {
        int n = link.channel.read(buffer.clear());
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        bytesIn.add(n);
        return n;
    }

    /** Writes what {@code link.out} has left, and counts it; true when some is still left. */
    final boolean write(L link) throws IOException {
        bytesOut.add(link.channel.write(link.out));
        return link.out.hasRemaining();
    }

    /** Writes what {@code link.out} has left; while some is, the selector also reports the connection writable. */
    final void flush(L link) throws IOException {
        boolean pending = write(link);
        if (pending != link.waitingToWrite) {
            // Only what the socket buffer cannot take gets here: the common path never re-arms.
            link.waitingToWrite = pending;
            link.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** Records an operation's latency. */
    final void record(long nanos) {
        latencies.recordValue(nanos);
    }

    /** The connections registered so far, failed ones included. */
    final List<L> links() {
        return links;
    }

    private void fail(L link) {
        link.key.cancel();
        close(link);
        errors.add(1);
        live.decrementAndGet();
        failed(link);
    }

    final void wakeup() {
        selector.wakeup();
    }

    @Override
    public final Traffic counters() {
        return new Traffic(bytesIn.get(), bytesOut.get(), errors.get());
    }

    @Override
    public final int live() {
        return live.get();
    }

    @Override
    public final void drainLatencies(Histogram into) {
        into.add(latencies.getIntervalHistogram());
    }

    @Override
    public final void stop() throws InterruptedException {
        stopping = true;
        if (thread == null) {
            closeAll();
            return;
        }
        selector.wakeup();
        thread.join();
    }

    private void closeAll() {
        links.forEach(SelectorWorker::close);
        arrivals.forEach(SelectorWorker::close);
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing at the end: nothing left to report
        }
        try {
            closed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Link link) {
        try {
            link.channel.close();
        } catch (IOException ignored) {
            // the connection is done with either way
        }
    }
}
