package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Optional;

/** The final summary of a run: a few lines for people, or one JSON object for machines. */
public final class BenchReport {

    private BenchReport() {
    }

    public static String text(BenchResult result) {
        return text(result, Optional.empty());
    }

    /** As {@link #text(BenchResult)}, with the protocol and cipher suite of a TLS run. */
    public static String text(BenchResult result, Optional<NegotiatedTls> tls) {
        BenchPlan plan = result.plan();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "netkit bench %s %s: %,d connection%s", name(plan.mode()),
                Connector.describe(plan.target()), plan.connections(), plan.connections() == 1 ? "" : "s"));
        switch (result) {
            case BenchResult.Load load -> {
                if (plan.mode() != BenchMode.CONNECT) {
                    b.append(String.format(Locale.ROOT, ", %s %s", size(plan.size()),
                            plan.mode() == BenchMode.STREAM ? "chunks" : "messages"));
                }
                b.append(String.format(Locale.ROOT, ", %.1f s measured after %.1f s warm-up%n",
                        load.seconds(), plan.warmup().toMillis() / 1000.0));
                tls.ifPresent(t -> b.append(String.format(Locale.ROOT, "  TLS         %s, %s%s%n", t.protocol(),
                        t.cipherSuite(), plan.mode() == BenchMode.CONNECT ? ", a full handshake per connection" : "")));
                switch (plan.mode()) {
                    case STREAM -> b.append(String.format(Locale.ROOT, "  throughput  %,.1f MB/s echoed (%,d chunks back)%n",
                            load.megabytesInPerSecond(), load.operations()));
                    case CONNECT -> b.append(String.format(Locale.ROOT, "  connections %,.0f/s (%,d opened and closed)%n",
                            load.operationsPerSecond(), load.operations()));
                    default -> b.append(String.format(Locale.ROOT, "  round trips %,.0f/s (%,d in all, %,.1f MB/s each way)%n",
                            load.operationsPerSecond(), load.operations(), load.megabytesInPerSecond()));
                }
                Histogram h = load.latency();
                b.append(String.format(Locale.ROOT, "  latency     p50 %s  p99 %s  p99.9 %s  max %s%n",
                        time(h.getValueAtPercentile(50)), time(h.getValueAtPercentile(99)),
                        time(h.getValueAtPercentile(99.9)), time(h.getMaxValue())));
                b.append(String.format(Locale.ROOT, "  errors      %d%n", load.errors()));
                if (load.cpuPercent() >= 0) {
                    int threads = Math.min(plan.threads(), plan.connections());
                    boolean saturated = plan.mode() != BenchMode.CONNECT && load.cpuPercent() >= 90.0 * threads;
                    b.append(String.format(Locale.ROOT, "  load CPU    %.0f%% of one CPU (%d thread%s)%s%n", load.cpuPercent(),
                            threads, threads == 1 ? "" : "s", saturated ? ": the load generator may be the bottleneck" : ""));
                }
            }
            case BenchResult.Idle idle -> {
                b.append(String.format(Locale.ROOT, ", held %d s%n", plan.duration().toSeconds()));
                b.append(String.format(Locale.ROOT, "  opened      %,d in %.2f s%s%n", idle.opened(), idle.connectSeconds(),
                        idle.failure().isEmpty() ? "" : " (stopped: " + idle.failure() + ")"));
                if (plan.size() > 0) {
                    b.append(String.format(Locale.ROOT, "  answered    %,d (one %s echo each)%n", idle.answered(), size(plan.size())));
                }
                b.append(String.format(Locale.ROOT, "  still open  %,d at the end%n", idle.openAtEnd()));
                if (idle.rssAfterKib() >= 0) {
                    b.append(String.format(Locale.ROOT, "  server RSS  %,d KiB before, %,d KiB after: %,.1f KiB per connection%n",
                            idle.rssBeforeKib(), idle.rssAfterKib(), idle.bytesPerConnection() / 1024.0));
                }
            }
            case BenchResult.FanOut fanOut -> FanOutReport.text(b, fanOut);
        }
        return b.toString();
    }

    public static String json(BenchResult result) {
        return json(result, Optional.empty());
    }

    /** As {@link #json(BenchResult)}, with {@code tls}, {@code tls_protocol} and {@code tls_cipher_suite}. */
    public static String json(BenchResult result, Optional<NegotiatedTls> tls) {
        BenchPlan plan = result.plan();
        StringBuilder b = new StringBuilder("{");
        field(b, "mode", name(plan.mode()));
        field(b, "target", Connector.describe(plan.target()));
        field(b, "connections", plan.connections());
        field(b, "size", plan.size());
        field(b, "complete", result.complete());
        field(b, "tls", tls.isPresent());
        tls.ifPresent(t -> {
            field(b, "tls_protocol", t.protocol());
            field(b, "tls_cipher_suite", t.cipherSuite());
        });
        switch (result) {
            case BenchResult.Load load -> {
                field(b, "warmup_s", plan.warmup().toMillis() / 1000.0);
                field(b, "seconds", load.seconds());
                field(b, "operations", load.operations());
                field(b, "operations_per_s", load.operationsPerSecond());
                field(b, "bytes_in", load.bytesIn());
                field(b, "bytes_out", load.bytesOut());
                field(b, "mb_per_s", load.megabytesInPerSecond());
                field(b, "errors", load.errors());
                field(b, "load_cpu_pct", load.cpuPercent());
                Histogram h = load.latency();
                b.append("\"latency_us\":{");
                field(b, "p50", h.getValueAtPercentile(50) / 1000.0);
                field(b, "p99", h.getValueAtPercentile(99) / 1000.0);
                field(b, "p99_9", h.getValueAtPercentile(99.9) / 1000.0);
                field(b, "max", h.getMaxValue() / 1000.0);
                field(b, "count", h.getTotalCount());
                close(b);
                b.append(',');
            }
            case BenchResult.Idle idle -> {
                field(b, "seconds", (double) plan.duration().toMillis() / 1000.0);
                field(b, "opened", idle.opened());
                field(b, "answered", idle.answered());
                field(b, "open_at_end", idle.openAtEnd());
                field(b, "connect_s", idle.connectSeconds());
                field(b, "server_rss_before_kib", idle.rssBeforeKib());
                field(b, "server_rss_after_kib", idle.rssAfterKib());
                field(b, "server_bytes_per_connection", idle.bytesPerConnection());
                field(b, "failure", idle.failure());
            }
            case BenchResult.FanOut fanOut -> FanOutReport.json(b, fanOut);
        }
        close(b);
        return b.toString();
    }

    /** A latency in nanoseconds, in the unit that reads best. */
    static String time(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }

    static String size(int bytes) {
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    private static String name(BenchMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    static void field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":");
        switch (value) {
            case String s -> quote(b, s);
            case Double d -> b.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null");
            default -> b.append(value);
        }
        b.append(',');
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Replaces a trailing comma with the closing brace. */
    static void close(StringBuilder b) {
        if (b.charAt(b.length() - 1) == ',') {
            b.setLength(b.length() - 1);
        }
        b.append('}');
    }
}
