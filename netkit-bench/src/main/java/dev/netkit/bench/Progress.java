package dev.netkit.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A run's progress lines, for people watching it:
 *
 * <pre>
 * [  2s] opened 12000 of 20000                       while a phase (opening, a roll call) lasts,
 *                                                    at most once a second
 * [  3.0s] warm-up 41,800 round trips/s  p50 ...     each sample of the measurement
 * [ tls ] handshake: TLSv1.3, TLS_AES_256_GCM_SHA384  what a TLS run negotiated
 * </pre>
 *
 * <p>Threading: one thread.
 */
final class Progress {

    private static final long PERIOD = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long next = start + PERIOD;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Prints the line when a second has passed since the last one; the time is since this run started. */
    void maybe(Supplier<String> line) {
        long now = System.nanoTime();
        if (now >= next) {
            next = now + PERIOD;
            print(String.format(Locale.ROOT, "[%3ds] %s", TimeUnit.NANOSECONDS.toSeconds(now - start), line.get()));
        }
    }

    /**
     * One sample of the measurement: {@code rate} over the time since the previous sample, the
     * latencies in that time, and the errors so far.
     *
     * @param elapsed nanoseconds since sampling started
     */
    void sample(long elapsed, boolean warmup, String rate, Latency latency, long errors) {
        print(String.format(Locale.ROOT, "[%5.1fs]%s %s  p50 %s  p99 %s  max %s  errors %d", elapsed / 1e9,
                warmup ? " warm-up" : "", rate, BenchReport.time(latency.p50()), BenchReport.time(latency.p99()),
                BenchReport.time(latency.max()), errors));
    }

    /** What a TLS run's handshakes agreed on, after {@code what}: the probe, or the connections opened. */
    void tls(String what, NegotiatedTls tls) {
        print(String.format(Locale.ROOT, "[ tls ] %s: %s, %s", what, tls.protocol(), tls.cipherSuite()));
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
