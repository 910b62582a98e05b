package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** The fan-out workload's part of {@link BenchReport}: after the common header or fields. */
final class FanOutReport {

    private FanOutReport() {
    }

    static void text(StringBuilder b, BenchResult.FanOut r) {
        BenchPlan plan = r.plan();
        int others = plan.connections() - 1;
        b.append(String.format(Locale.ROOT, ", %s messages, %d sender%s (window %d), %.1f s measured after %.1f s warm-up%n",
                BenchReport.size(plan.size()), plan.senders(), plan.senders() == 1 ? "" : "s", r.window(), r.seconds(),
                plan.warmup().toMillis() / 1000.0));
        b.append(String.format(Locale.ROOT, "  deliveries  %,.0f/s (%,d lines to %,d other members each, %,.1f MB/s in)%n",
                r.deliveriesPerSecond(), r.deliveries(), others, r.bytesIn() / r.seconds() / 1e6));
        b.append(String.format(Locale.ROOT, "  messages    %,.0f/s sent (%,d in all)%n", r.sentPerSecond(), r.sent()));
        Histogram h = r.latency();
        b.append(String.format(Locale.ROOT, "  latency     p50 %s  p99 %s  p99.9 %s  max %s (send to delivery)%n",
                BenchReport.time(h.getValueAtPercentile(50)), BenchReport.time(h.getValueAtPercentile(99)),
                BenchReport.time(h.getValueAtPercentile(99.9)), BenchReport.time(h.getMaxValue())));
        b.append(String.format(Locale.ROOT, "  errors      %d%n", r.errors()));
        b.append(String.format(Locale.ROOT, "  sequence    %d missing, repeated or out of order; %s%n", r.sequenceErrors(),
                r.undelivered() < 0 ? "undelivered unknown (a connection failed)"
                        : r.undelivered() + " undelivered at the end"));
        if (r.cpuPercent() >= 0) {
            int threads = Math.min(plan.threads(), plan.connections());
            boolean saturated = r.cpuPercent() >= 90.0 * threads;
            b.append(String.format(Locale.ROOT, "  load CPU    %.0f%% of one CPU (%d thread%s)%s%n", r.cpuPercent(),
                    threads, threads == 1 ? "" : "s", saturated ? ": the load generator may be the bottleneck" : ""));
        }
    }

    static void json(StringBuilder b, BenchResult.FanOut r) {
        BenchReport.field(b, "senders", r.plan().senders());
        BenchReport.field(b, "window", r.window());
        BenchReport.field(b, "warmup_s", r.plan().warmup().toMillis() / 1000.0);
        BenchReport.field(b, "seconds", r.seconds());
        BenchReport.field(b, "deliveries", r.deliveries());
        BenchReport.field(b, "deliveries_per_s", r.deliveriesPerSecond());
        BenchReport.field(b, "messages_sent", r.sent());
        BenchReport.field(b, "messages_per_s", r.sentPerSecond());
        BenchReport.field(b, "bytes_in", r.bytesIn());
        BenchReport.field(b, "bytes_out", r.bytesOut());
        BenchReport.field(b, "errors", r.errors());
        BenchReport.field(b, "sequence_errors", r.sequenceErrors());
        BenchReport.field(b, "undelivered", r.undelivered());
        BenchReport.field(b, "load_cpu_pct", r.cpuPercent());
        Histogram h = r.latency();
        b.append("\"latency_us\":{");
        BenchReport.field(b, "p50", h.getValueAtPercentile(50) / 1000.0);
        BenchReport.field(b, "p99", h.getValueAtPercentile(99) / 1000.0);
        BenchReport.field(b, "p99_9", h.getValueAtPercentile(99.9) / 1000.0);
        BenchReport.field(b, "max", h.getMaxValue() / 1000.0);
        BenchReport.field(b, "count", h.getTotalCount());
        BenchReport.close(b);
        b.append(',');
    }
}
