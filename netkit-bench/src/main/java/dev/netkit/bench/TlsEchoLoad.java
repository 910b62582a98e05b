package dev.netkit.bench;

import dev.netkit.Connection;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ping-pong and stream over TLS connections that are already open: blocking code on one virtual
 * thread per connection, or two for a stream (a writer and a reader), since netkit's TLS runs
 * over its own blocking channels rather than a selector. The workloads are those of
 * {@link PingPongWorker} and {@link StreamWorker}: one message in flight per ping-pong
 * connection; at most {@link EchoPayload#STREAM_WINDOW} chunks in flight per stream connection,
 * each timed from the start of its write to the arrival of its last byte.
 *
 * <p>Threading: the loops run on their own virtual threads; the counters are safe to read from any
 * thread; {@link #stop()} closes the connections, which wakes any loop blocked in a read or write.
 */
final class TlsEchoLoad implements Meter {

    private static final long STOP_WAIT_MILLIS = 10_000;

    private final boolean stream;
    private final int size;
    private final List<Connection> connections;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger live;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    TlsEchoLoad(BenchMode mode, int size, List<Connection> connections) {
        if (mode != BenchMode.PINGPONG && mode != BenchMode.STREAM) {
            throw new IllegalArgumentException("TLS echo load is pingpong or stream, not " + mode);
        }
        this.stream = mode == BenchMode.STREAM;
        this.size = size;
        this.connections = List.copyOf(connections);
        this.live = new AtomicInteger(connections.size());
    }

    @Override
    public void start() {
        byte[] message = EchoPayload.bytes(size);
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            AtomicBoolean failed = new AtomicBoolean();
            if (stream) {
                Semaphore window = new Semaphore(EchoPayload.STREAM_WINDOW);
                AtomicLongArray starts = new AtomicLongArray(EchoPayload.STREAM_WINDOW);
                threads.add(Thread.ofVirtual().name("netkit-bench-tls-write-" + i)
                        .unstarted(() -> run(c, failed, () -> writeStream(c, message, window, starts))));
                threads.add(Thread.ofVirtual().name("netkit-bench-tls-read-" + i)
                        .unstarted(() -> run(c, failed, () -> readStream(c, window, starts))));
            } else {
                threads.add(Thread.ofVirtual().name("netkit-bench-tls-" + i)
                        .unstarted(() -> run(c, failed, () -> pingPong(c, message))));
            }
        }
        threads.forEach(Thread::start);
    }

    private interface Loop {
        void run() throws IOException, InterruptedException;
    }

    /** Runs one side of a connection; the first side to fail counts the error and closes it. */
    private void run(Connection c, AtomicBoolean failed, Loop loop) {
        try {
            loop.run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                if (!stopping) {
                    errors.increment();
                }
                live.decrementAndGet();
                c.close();
            }
        }
    }

    private void pingPong(Connection c, byte[] message) throws IOException {
        InputStream in = c.input();
        byte[] reply = new byte[size];
        while (!stopping) {
            long start = System.nanoTime();
            c.send(message);
            bytesOut.add(size);
            int received = 0;
            while (received < size) {
                int n = in.read(reply, received, size - received);
                if (n < 0) {
                    throw new EOFException("the server closed the connection");
                }
                received += n;
                bytesIn.add(n);
            }
            recorder.recordValue(System.nanoTime() - start);
        }
    }

    private void writeStream(Connection c, byte[] chunk, Semaphore window, AtomicLongArray starts)
            throws IOException, InterruptedException {
        for (long sent = 0; !stopping; sent++) {
            window.acquire();
            starts.set((int) (sent % EchoPayload.STREAM_WINDOW), System.nanoTime());
            c.send(chunk);
            bytesOut.add(size);
        }
    }

    private void readStream(Connection c, Semaphore window, AtomicLongArray starts) throws IOException {
        InputStream in = c.input();
        byte[] buffer = new byte[Math.max(size, 64 * 1024)];
        long received = 0;
        long done = 0;
        while (!stopping) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            received += n;
            bytesIn.add(n);
            long now = 0;
            while (received >= (done + 1) * size) {
                if (now == 0) {
                    now = System.nanoTime();
                }
                recorder.recordValue(now - starts.get((int) (done % EchoPayload.STREAM_WINDOW)));
                done++;
                window.release();
            }
        }
    }

    @Override
    public Traffic counters() {
        return new Traffic(bytesIn.sum(), bytesOut.sum(), errors.sum());
    }

    @Override
    public int live() {
        return live.get();
    }

    @Override
    public void drainLatencies(Histogram into) {
        into.add(recorder.getIntervalHistogram());
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        // Closing wakes a loop blocked in a read or a write; interrupting, one waiting for its window.
        connections.forEach(Connection::close);
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
