package dev.netkit.cli.bench;

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

/**
 * The connect workload: {@code parallel} virtual threads each open a connection, time the
 * connect, and close it, over and over; at most {@code rate} connections a second in all when a
 * rate is given. TCP connections close with a reset (linger 0) so that a long run does not use up
 * the ephemeral ports in TIME_WAIT.
 *
 * <p>Threading: the loops run on their own virtual threads; the counters are safe to read from any.
 */
final class ConnectLoad implements Meter {

    private final Connector connector;
    private final long intervalNanos;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger index = new AtomicInteger();
    private final AtomicLong nextSlot;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    ConnectLoad(Connector connector, int parallel, int rate) {
        this.connector = connector;
        this.intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        this.nextSlot = new AtomicLong(System.nanoTime());
        for (int i = 0; i < parallel; i++) {
            threads.add(Thread.ofVirtual().name("netkit-bench-connect-" + i).unstarted(this::loop));
        }
        live.set(parallel);
    }

    void start() {
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
            long start = System.nanoTime();
            try (SocketChannel channel = connector.open(index.getAndIncrement())) {
                recorder.recordValue(System.nanoTime() - start);
                failuresInARow = 0;
                if (connector.tcp()) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } catch (IOException e) {
                errors.increment();
                // A server that refuses every time would otherwise be hammered in a tight loop.
                if (++failuresInARow >= 100) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        live.decrementAndGet();
    }

    @Override
    public long bytesIn() {
        return 0;
    }

    @Override
    public long bytesOut() {
        return 0;
    }

    @Override
    public long errors() {
        return errors.sum();
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
        for (Thread t : threads) {
            t.join();
        }
    }
}
