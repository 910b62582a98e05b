package dev.netkit.bench;

import dev.netkit.tls.ClientTls;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The connect workload: {@code parallel} virtual threads each open a connection, time the
 * connect, and close it, over and over; at most {@code rate} connections a second in all when a
 * rate is given. What a connection is comes from an {@link Attempt}: a TCP or Unix connect
 * ({@link #plain}), or a connect and a full TLS handshake ({@link #fullHandshakes}).
 *
 * <p>Threading: the loops run on their own virtual threads; the counters are safe to read from any.
 */
final class ConnectLoad implements Meter {

    /** One connection to time. {@link #prepare} runs before the clock starts. */
    @FunctionalInterface
    interface Attempt {
        /** Makes what connection {@code index} needs, untimed; returns the timed connect. */
        Connect prepare(int index);
    }

    /** The timed part of an {@link Attempt}: connects, and returns what closes the connection. */
    @FunctionalInterface
    interface Connect {
        AutoCloseable connect() throws IOException;
    }

    private final Attempt attempt;
    private final long intervalNanos;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger index = new AtomicInteger();
    private final AtomicLong nextSlot;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    ConnectLoad(String name, Attempt attempt, int parallel, int rate) {
        this.attempt = attempt;
        this.intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        this.nextSlot = new AtomicLong(System.nanoTime());
        for (int i = 0; i < parallel; i++) {
            threads.add(Thread.ofVirtual().name("netkit-bench-" + name + "-" + i).unstarted(this::loop));
        }
        live.set(parallel);
    }

    /**
     * Plain connections through {@code connector}. TCP ones close with a reset (linger 0, set
     * after the clock stops) so that a long run does not use up the ephemeral ports in TIME_WAIT.
     */
    static Attempt plain(Connector connector) {
        return index -> () -> {
            SocketChannel channel = connector.open(index);
            return () -> {
                try (channel) {
                    if (connector.tcp()) {
                        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                }
            };
        };
    }

    /**
     * Connections that each run a full TLS handshake, timed from the TCP connect to its end, and
     * close (close_notify, then the socket). Every one gets a new client context from
     * {@code clients}, made before the clock starts, so that none can resume an earlier session:
     * the key exchange, the certificate's signature and its verification, each time.
     */
    static Attempt fullHandshakes(Connector connector, Supplier<ClientTls> clients) {
        return index -> {
            ClientTls fresh = clients.get();
            return () -> connector.openTls(fresh);
        };
    }

    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    private void loop() {
        int failuresInARow = 0;
        while (!stopping) {
            if (intervalNanos > 0) {
                long slot = nextSlot.getAndAdd(intervalNanos);
                long wait;
                while ((wait = slot - System.nanoTime()) > 0 && !stopping) {
                    LockSupport.parkNanos(wait);
                }
            }
            try {
                Connect connect = attempt.prepare(index.getAndIncrement());
                long start = System.nanoTime();
                AutoCloseable connection = connect.connect();
                recorder.recordValue(System.nanoTime() - start);
                failuresInARow = 0;
                connection.close();
            } catch (Exception e) {
                // Preparing (a TLS context), connecting or closing: an error either way.
                errors.increment();
                // A server that refuses (or fails every handshake) would otherwise be hammered.
                if (++failuresInARow >= 100) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        live.decrementAndGet();
    }

    @Override
    public Traffic counters() {
        return new Traffic(0, 0, errors.sum());
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
        // Each loop ends within one attempt, which the connect (and handshake) timeouts bound.
        for (Thread t : threads) {
            t.join();
        }
    }
}
