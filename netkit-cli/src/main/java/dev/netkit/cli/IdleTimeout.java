package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code connect --idle-timeout}: closes the connection once no byte has moved either way for the
 * timeout. A virtual thread looks at the connection's byte counts a few times per timeout; closing
 * wakes the relay's blocked read.
 */
final class IdleTimeout {

    /** Work that reads or writes the connection. */
    interface Relay {
        void run() throws IOException;
    }

    private final Connection conn;
    private final long timeoutNanos;
    private volatile boolean fired;

    private IdleTimeout(Connection conn, Duration timeout) {
        this.conn = conn;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Runs {@code relay} with {@code conn} closed after {@code timeout} without data either way
     * ({@code null} or zero: no limit).
     *
     * @throws SocketTimeoutException when the timeout closed the connection, however the relay ended
     */
    static void guard(Connection conn, Duration timeout, Relay relay) throws IOException {
        if (timeout == null || timeout.isZero()) {
            relay.run();
            return;
        }
        IdleTimeout watch = new IdleTimeout(conn, timeout);
        Thread watcher = Thread.ofVirtual().name("netkit-idle-timeout").start(watch::watch);
        try {
            relay.run();
        } catch (IOException e) {
            if (!watch.fired) {
                throw e;
            }
        } finally {
            watcher.interrupt();
        }
        if (watch.fired) {
            throw new SocketTimeoutException("no data for " + describe(timeout) + ", closing");
        }
    }

    private void watch() {
        long period = Math.clamp(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        long seen = activity();
        long quietSince = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(Duration.ofNanos(period));
                long now = System.nanoTime();
                long activity = activity();
                if (activity != seen) {
                    seen = activity;
                    quietSince = now;
                } else if (now - quietSince >= timeoutNanos) {
                    fired = true;
                    conn.close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the relay ended first
        }
    }

    private long activity() {
        return conn.bytesRead() + conn.bytesWritten();
    }

    /** {@code 2s}, {@code 1500ms}, {@code 5m}: a duration as it is typed. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis >= 60_000 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
