package dev.netkit.micrometer;

import dev.netkit.Server;
import dev.netkit.ServerStats;
import dev.netkit.tls.TlsErrors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Binds a {@link Server}'s {@linkplain Server#stats() counters} to a {@link MeterRegistry}, tagged
 * {@code server} (its name) and {@code transport}. In Prometheus's text format they read:
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>meter</th><th>Prometheus</th><th>type</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code netkit.connections.accepted}</td><td>{@code netkit_connections_accepted_total}</td><td>counter</td></tr>
 *   <tr><td>{@code netkit.connections.open}</td><td>{@code netkit_connections_open}</td><td>gauge</td></tr>
 *   <tr><td>{@code netkit.connections.waiting}</td><td>{@code netkit_connections_waiting}</td><td>gauge: listeners waiting at the connection cap</td></tr>
 *   <tr><td>{@code netkit.connections.refused}</td><td>{@code netkit_connections_refused_total}</td><td>counter</td></tr>
 *   <tr><td>{@code netkit.connections.idle.timeouts}</td><td>{@code netkit_connections_idle_timeouts_total}</td><td>counter</td></tr>
 *   <tr><td>{@code netkit.connections.forced}</td><td>{@code netkit_connections_forced_total}</td><td>counter: closed by force at a stop</td></tr>
 *   <tr><td>{@code netkit.received}, {@code netkit.sent}</td><td>{@code netkit_received_bytes_total}, {@code netkit_sent_bytes_total}</td><td>counters</td></tr>
 *   <tr><td>{@code netkit.handler.failures}</td><td>{@code netkit_handler_failures_total}</td><td>counter</td></tr>
 *   <tr><td>{@code netkit.tls.handshakes}</td><td>{@code netkit_tls_handshakes_total}</td><td>counter, tagged {@code outcome}
 *       ({@code success}, {@code failure}) and {@code reason} ({@code none}, or a
 *       {@link TlsErrors.Reason} in lower case)</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A scrape reads one {@link ServerStats} snapshot for all of them (reused for up to a second),
 * so scraping costs the server's connections nothing. The registry holds the server until its
 * meters are removed from it.
 */
public final class ServerMetrics implements MeterBinder {

    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    private final Server server;
    private final Iterable<Tag> tags;

    /** Binds {@code server} with the tags {@code server} and {@code transport}. */
    public ServerMetrics(Server server) {
        this(server, Tags.empty());
    }

    /** Binds {@code server} with {@code tags} added to {@code server} and {@code transport}. */
    public ServerMetrics(Server server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"))
                .and("server", server.name(), "transport", server.transportName());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RecentSnapshot<ServerStats> stats = new RecentSnapshot<>(server::stats, SNAPSHOT_AGE);
        SnapshotMeters<ServerStats> meters = new SnapshotMeters<>(registry, server, stats, tags);
        meters.counter("netkit.connections.accepted", "Connections accepted",
                ServerStats::accepted);
        meters.gauge("netkit.connections.open", "Connections open now", ServerStats::open);
        meters.gauge("netkit.connections.waiting",
                "Listeners waiting for a connection to close, at the connection cap", ServerStats::waitingForPermit);
        meters.counter("netkit.connections.refused",
                "Connections refused by an allow or deny rule or a per-address limit", ServerStats::refused);
        meters.counter("netkit.connections.idle.timeouts",
                "Connections closed for their silence", ServerStats::idleTimeouts);
        meters.counter("netkit.connections.forced",
                "Connections closed by force at the end of a stop's grace period", ServerStats::forcedAtStop);
        meters.bytes("netkit.received", "Bytes read from peers", ServerStats::bytesIn);
        meters.bytes("netkit.sent", "Bytes written to peers", ServerStats::bytesOut);
        meters.counter("netkit.handler.failures",
                "Handler runs that ended with an exception that is not the network's doing", ServerStats::handlerFailures);
        String handshakes = "TLS handshakes, by outcome and reason of failure";
        meters.counter("netkit.tls.handshakes", handshakes, ServerStats::tlsHandshakes, "outcome", "success", "reason", "none");
        for (TlsErrors.Reason reason : TlsErrors.Reason.values()) {
            meters.counter("netkit.tls.handshakes", handshakes, s -> s.tlsHandshakesFailed(reason),
                    "outcome", "failure", "reason", reason.name().toLowerCase(Locale.ROOT));
        }
    }
}
