package dev.netkit.bench;

import java.util.Formatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The summary of a run: a few lines for people, or one JSON object for machines. Scripts read
 * the JSON (the benchmark suite does), so its field names stay as they are.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * The summary for people: a header line naming the run, then one line per figure.
     *
     * @param result what a run measured
     * @return the lines, each ending in a line break
     */
    public static String text(BenchResult result) {
        BenchPlan plan = result.plan();
        Formatter out = new Formatter(new StringBuilder(), Locale.ROOT);
        out.format("netkit bench %s %s: %,d connection%s", name(plan.mode()), Connector.describe(plan.target()),
                plan.connections(), plural(plan.connections()));
        switch (result) {
            case BenchResult.Load load -> load(out, load);
            case BenchResult.Idle idle -> idle(out, idle);
            case BenchResult.FanOut fanOut -> fanOut(out, fanOut);
        }
        return out.toString();
    }

    private static void load(Formatter out, BenchResult.Load load) {
        BenchPlan plan = load.plan();
        if (plan.mode() != BenchMode.CONNECT) {
            out.format(", %s %s", size(plan.size()), plan.mode() == BenchMode.STREAM ? "chunks" : "messages");
        }
        if (plan.rate() > 0) {
            out.format(", paced at %,d messages/s", plan.rate());
        }
        out.format(", %.1f s measured after %.1f s warm-up%n", load.seconds(), seconds(plan.warmup().toMillis()));
        load.tls().ifPresent(t -> out.format("  TLS         %s, %s%s%n", t.protocol(), t.cipherSuite(),
                plan.mode() == BenchMode.CONNECT ? ", a full handshake per connection" : ""));
        switch (plan.mode()) {
            case STREAM -> out.format("  throughput  %,.1f MB/s echoed (%,d chunks back)%n",
                    load.megabytesInPerSecond(), load.operations());
            case CONNECT -> out.format("  connections %,.0f/s (%,d opened and closed)%n",
                    load.operationsPerSecond(), load.operations());
            default -> out.format("  round trips %,.0f/s (%,d in all, %,.1f MB/s each way)%n",
                    load.operationsPerSecond(), load.operations(), load.megabytesInPerSecond());
        }
        latency(out, load.latency(), plan.rate() > 0 ? " (from when each message was due)" : "");
        out.format("  errors      %d%n", load.errors());
        if (load.serverCpu() >= 0) {
            out.format("  server CPU  %.2f s: %.2f us per %s, %.2f ms per MB echoed%n", load.serverCpu(),
                    load.serverCpuMicrosPerOperation(), operation(plan.mode()), load.serverCpuMillisPerMegabyte());
        }
        // Connect mode's threads mostly wait for the server: they are never the bottleneck.
        loadCpu(out, plan, load.cpuPercent(), plan.mode() != BenchMode.CONNECT);
    }

    private static String operation(BenchMode mode) {
        return switch (mode) {
            case STREAM -> "chunk";
            case CONNECT -> "connection";
            default -> "message";
        };
    }

    private static void idle(Formatter out, BenchResult.Idle idle) {
        BenchPlan plan = idle.plan();
        out.format(", held %d s%n", plan.duration().toSeconds());
        out.format("  opened      %,d in %.2f s%s%n", idle.opened(), idle.connectSeconds(),
                idle.failure().isEmpty() ? "" : " (stopped: " + idle.failure() + ")");
        if (plan.size() > 0) {
            out.format("  answered    %,d (one %s echo each)%n", idle.answered(), size(plan.size()));
        }
        out.format("  still open  %,d at the end%n", idle.openAtEnd());
        if (idle.rssAfterKib() >= 0) {
            out.format("  server RSS  %,d KiB before, %,d KiB after: %,.1f KiB per connection%s%n",
                    idle.rssBeforeKib(), idle.rssAfterKib(), idle.bytesPerConnection() / 1024.0, marginal(idle));
        }
        idle.halfWay().ifPresent(h -> out.format("  half-way    %,d KiB at %,d connection%s (%s)%n", h.rssKib(),
                h.opened(), plural(h.opened()), plan.settle().isZero() ? "sampled at once: no settle time"
                        : String.format(Locale.ROOT, "%s after %.1f s", h.steady() ? "steady" : "NOT steady",
                        h.settleSeconds())));
    }

    /** The marginal memory per connection, or why there is none when there should have been. */
    private static String marginal(BenchResult.Idle idle) {
        OptionalDouble marginal = idle.marginalKibPerConnection();
        if (marginal.isPresent()) {
            return String.format(Locale.ROOT, ", marginal %,.1f KiB per connection", marginal.getAsDouble());
        }
        if (idle.halfWay().isEmpty() && !idle.failure().isEmpty() && idle.plan().connections() >= 2) {
            return ", no marginal figure: opening stopped before half-way";
        }
        return "";
    }

    private static void fanOut(Formatter out, BenchResult.FanOut r) {
        BenchPlan plan = r.plan();
        out.format(", %s messages, %d sender%s (window %d)", size(plan.size()), plan.senders(),
                plural(plan.senders()), r.window());
        if (plan.rate() > 0) {
            out.format(", paced at %,d messages/s", plan.rate());
        }
        if (!plan.spread().isEmpty()) {
            out.format(", spread over %d servers", plan.targets().size());
        }
        out.format(", %.1f s measured after %.1f s warm-up%n", r.seconds(), seconds(plan.warmup().toMillis()));
        out.format("  deliveries  %,.0f/s (%,d lines to %,d other members each, %,.1f MB/s in)%n",
                r.deliveriesPerSecond(), r.deliveries(), plan.connections() - 1, r.bytesIn() / r.seconds() / 1e6);
        out.format("  messages    %,.0f/s sent (%,d in all)%n", r.sentPerSecond(), r.sent());
        String from = plan.rate() > 0 ? " (from when each message was due to its delivery)" : " (send to delivery)";
        latency(out, r.latency(), from);
        if (!plan.spread().isEmpty()) {
            out.format("  cross-node  %s (%,d deliveries from one server to another)%n",
                    percentiles(r.crossNode()), r.crossNode().count());
            out.format("  same-node   %s (%,d deliveries within one server)%n",
                    percentiles(r.sameNode()), r.sameNode().count());
        }
        if (plan.rate() > 0) {
            out.format("  schedule    %s: %,d messages held back past when they were due, %,d overdue and unsent at the end%n",
                    r.onSchedule() ? "kept" : "NOT kept", r.late(), r.behind());
        }
        out.format("  errors      %d%n", r.errors());
        out.format("  sequence    %d missing, repeated or out of order; %s%n", r.sequenceErrors(),
                r.undelivered() < 0 ? "undelivered unknown (a connection failed)"
                        : r.undelivered() + " undelivered at the end");
        loadCpu(out, plan, r.cpuPercent(), true);
    }

    private static void latency(Formatter out, Latency l, String what) {
        out.format("  latency     %s%s%n", percentiles(l), what);
    }

    private static String percentiles(Latency l) {
        return "p50 " + time(l.p50()) + "  p99 " + time(l.p99()) + "  p99.9 " + time(l.p999()) + "  max " + time(l.max());
    }

    /** The load generator's CPU use, and a warning when its threads may be the bottleneck. */
    private static void loadCpu(Formatter out, BenchPlan plan, double cpuPercent, boolean maySaturate) {
        if (cpuPercent < 0) {
            return;
        }
        int threads = Math.min(plan.threads(), plan.connections());
        boolean saturated = maySaturate && cpuPercent >= 90.0 * threads;
        out.format("  load CPU    %.0f%% of one CPU (%d thread%s)%s%n", cpuPercent, threads, plural(threads),
                saturated ? ": the load generator may be the bottleneck" : "");
    }

    /**
     * The summary for machines, on one line. Always: {@code mode}, {@code target},
     * {@code connections}, {@code size}, {@code complete} and {@code tls} (with
     * {@code tls_protocol} and {@code tls_cipher_suite} over TLS); then the figures of the mode.
     * Latencies are in microseconds, under {@code latency_us}. Ping-pong, stream and connect add
     * {@code rate} (0 when not paced) and the server's CPU: {@code server_cpu_s},
     * {@code server_cpu_us_per_op} and {@code server_cpu_ms_per_mb}, each -1 when unknown. Idle
     * adds the server's memory: {@code server_rss_before_kib}, {@code server_rss_after_kib} and
     * {@code server_bytes_per_connection} (the average; each -1 when unknown); the half-way sample,
     * {@code half_opened}, {@code rss_half_kib}, {@code settle_s} and {@code rss_half_steady}; and
     * {@code marginal_kib_per_connection}, the memory each connection after the half-way sample
     * cost (the last five {@code null} where there is no half-way sample or no marginal figure). Fanout
     * adds {@code rate}, {@code late}, {@code behind} and {@code on_schedule} (the schedule of a
     * paced run), {@code nodes} (the servers the members are spread over) and, beside
     * {@code latency_us}, {@code cross_node_latency_us} and {@code same_node_latency_us} (counts 0
     * on one server).
     *
     * @param result what a run measured
     * @return one JSON object, without a line break
     */
    public static String json(BenchResult result) {
        BenchPlan plan = result.plan();
        Json json = new Json()
                .put("mode", name(plan.mode()))
                .put("target", Connector.describe(plan.target()))
                .put("connections", plan.connections())
                .put("size", plan.size())
                .put("complete", result.complete());
        Optional<NegotiatedTls> tls = result instanceof BenchResult.Load load ? load.tls() : Optional.empty();
        json.put("tls", tls.isPresent() || plan.tls().isPresent());
        tls.ifPresent(t -> json.put("tls_protocol", t.protocol()).put("tls_cipher_suite", t.cipherSuite()));
        switch (result) {
            case BenchResult.Load load -> json
                    .put("warmup_s", seconds(plan.warmup().toMillis()))
                    .put("seconds", load.seconds())
                    .put("operations", load.operations())
                    .put("operations_per_s", load.operationsPerSecond())
                    .put("bytes_in", load.bytesIn())
                    .put("bytes_out", load.bytesOut())
                    .put("mb_per_s", load.megabytesInPerSecond())
                    .put("errors", load.errors())
                    .put("load_cpu_pct", load.cpuPercent())
                    .put("rate", plan.rate())
                    .put("server_cpu_s", load.serverCpu())
                    .put("server_cpu_us_per_op", load.serverCpuMicrosPerOperation())
                    .put("server_cpu_ms_per_mb", load.serverCpuMillisPerMegabyte())
                    .put("latency_us", latency(load.latency()));
            case BenchResult.Idle idle -> halfWay(json
                    .put("seconds", seconds(plan.duration().toMillis()))
                    .put("opened", idle.opened())
                    .put("answered", idle.answered())
                    .put("open_at_end", idle.openAtEnd())
                    .put("connect_s", idle.connectSeconds())
                    .put("server_rss_before_kib", idle.rssBeforeKib())
                    .put("server_rss_after_kib", idle.rssAfterKib())
                    .put("server_bytes_per_connection", idle.bytesPerConnection())
                    .put("failure", idle.failure()), idle);
            case BenchResult.FanOut r -> json
                    .put("senders", plan.senders())
                    .put("window", r.window())
                    .put("warmup_s", seconds(plan.warmup().toMillis()))
                    .put("seconds", r.seconds())
                    .put("deliveries", r.deliveries())
                    .put("deliveries_per_s", r.deliveriesPerSecond())
                    .put("messages_sent", r.sent())
                    .put("messages_per_s", r.sentPerSecond())
                    .put("bytes_in", r.bytesIn())
                    .put("bytes_out", r.bytesOut())
                    .put("errors", r.errors())
                    .put("sequence_errors", r.sequenceErrors())
                    .put("undelivered", r.undelivered())
                    .put("load_cpu_pct", r.cpuPercent())
                    .put("rate", plan.rate())
                    .put("late", r.late())
                    .put("behind", r.behind())
                    .put("on_schedule", r.onSchedule())
                    .put("nodes", plan.targets().size())
                    .put("latency_us", latency(r.latency()))
                    .put("cross_node_latency_us", latency(r.crossNode()))
                    .put("same_node_latency_us", latency(r.sameNode()));
        }
        return json.toString();
    }

    /** The idle run's half-way sample and marginal memory per connection: {@code null} where absent. */
    private static void halfWay(Json json, BenchResult.Idle idle) {
        if (idle.halfWay().isPresent()) {
            BenchResult.Idle.HalfWay h = idle.halfWay().get();
            json.put("half_opened", h.opened())
                    .put("rss_half_kib", h.rssKib())
                    .put("settle_s", h.settleSeconds())
                    .put("rss_half_steady", h.steady());
        } else {
            json.putNull("half_opened").putNull("rss_half_kib").putNull("settle_s").putNull("rss_half_steady");
        }
        json.put("marginal_kib_per_connection", idle.marginalKibPerConnection());
    }

    private static Json latency(Latency l) {
        return new Json()
                .put("p50", l.p50() / 1000.0)
                .put("p99", l.p99() / 1000.0)
                .put("p99_9", l.p999() / 1000.0)
                .put("max", l.max() / 1000.0)
                .put("count", l.count());
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

    private static String size(int bytes) {
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static String name(BenchMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
