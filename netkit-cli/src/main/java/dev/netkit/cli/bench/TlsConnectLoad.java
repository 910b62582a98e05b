package dev.netkit.cli.bench;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.tls.ClientTls;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The connect workload over TLS: {@code parallel} virtual threads each connect, run a full TLS
 * handshake, and close (close_notify, then the socket), over and over; at most {@code rate}
 * handshakes a second in all when a rate is given. Each operation is timed from the start of the
 * TCP connect to the completed handshake. Every handshake gets a new client context, made before
 * the clock starts, so that none can resume an earlier session: each is a full handshake, with
 * the key exchange and the certificate signature and its verification.
 *
 * <p>Threading: the loops run on their own virtual threads; the counters are safe to read from any.
 */
final class TlsConnectLoad implements Meter {

    private final Endpoint endpoint;
    private final Supplier<ClientTls> clients;
    private final long intervalNanos;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong nextSlot;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    TlsConnectLoad(Endpoint endpoint, Supplier<ClientTls> clients, int parallel, int rate) {
        this.endpoint = endpoint;
        this.clients = clients;
        this.intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        this.nextSlot = new AtomicLong(System.nanoTime());
        for (int i = 0; i < parallel; i++) {
            threads.add(Thread.ofVirtual().name("netkit-bench-tls-connect-" + i).unstarted(this::loop));
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
            ClientTls tls = clients.get();
            long start = System.nanoTime();
            try (Connection connection = Client.connect(endpoint, Client.DEFAULT_CONNECT_TIMEOUT, tls)) {
                recorder.recordValue(System.nanoTime() - start);
                failuresInARow = 0;
            } catch (IOException e) {
                errors.increment();
                // A server that fails every handshake would otherwise be hammered in a tight loop.
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
        // Each loop ends within one handshake, which the connect and handshake timeouts bound.
        for (Thread t : threads) {
            t.join();
        }
    }
}
