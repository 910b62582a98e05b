package dev.netkit.micrometer;

import dev.netkit.udp.UdpCounters;
import dev.netkit.udp.UdpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Objects;

/**
 * Binds a {@link UdpServer}'s {@linkplain UdpServer#counters() counters} to a {@link MeterRegistry},
 * tagged {@code server} (its name): the counters {@code netkit.udp.received}, {@code netkit.udp.handled},
 * {@code netkit.udp.dropped} (every handler busy), {@code netkit.udp.truncated} (over the maximum
 * size), {@code netkit.udp.failed} (handler exceptions) and {@code netkit.udp.sent}, in datagrams;
 * in Prometheus's format {@code netkit_udp_received_total} and so on. The registry holds
 * the server until its meters are removed from it.
 */
public final class UdpServerMetrics implements MeterBinder {

    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    private final UdpServer server;
    private final Iterable<Tag> tags;

    /** Binds {@code server} with the tag {@code server}. */
    public UdpServerMetrics(UdpServer server) {
        this(server, Tags.empty());
    }

    /** Binds {@code server} with {@code tags} added to {@code server}. */
    public UdpServerMetrics(UdpServer server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags")).and("server", server.name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RecentSnapshot<UdpCounters> counters = new RecentSnapshot<>(server::counters, SNAPSHOT_AGE);
        SnapshotMeters<UdpCounters> meters = new SnapshotMeters<>(registry, server, counters, tags);
        meters.counter("netkit.udp.received", "Datagrams read from the socket", UdpCounters::received);
        meters.counter("netkit.udp.handled", "Datagrams passed to the handler", UdpCounters::handled);
        meters.counter("netkit.udp.dropped", "Datagrams not handled because every handler was busy",
                UdpCounters::dropped);
        meters.counter("netkit.udp.truncated", "Datagrams over the maximum size, not handled",
                UdpCounters::truncated);
        meters.counter("netkit.udp.failed", "Handler runs that ended with an exception",
                UdpCounters::failed);
        meters.counter("netkit.udp.sent", "Datagrams sent in reply", UdpCounters::sent);
    }
}
