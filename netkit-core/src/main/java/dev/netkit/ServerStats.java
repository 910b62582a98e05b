package dev.netkit;

import dev.netkit.tls.TlsErrors;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a {@link Server}'s counters, from {@link Server#stats()}. The totals count since the
 * server started and never go down; each is read separately, so under load they may be a
 * connection or a few bytes apart from one another.
 *
 * @param accepted             connections accepted (refused ones included)
 * @param open                 connections open now
 * @param waitingForPermit     listeners waiting now for a connection to close because
 *                             {@link Server.Builder#maxConnections(int)} are open; new peers wait in the
 *                             kernel's listen backlog meanwhile
 * @param refused              connections closed at once by an allow or deny rule or a per-address limit
 * @param idleTimeouts         connections closed because they were silent for the idle timeout
 * @param forcedAtStop         connections still busy at the end of a stop's grace period, closed by force
 * @param bytesIn              bytes read from peers (after TLS decryption), by open connections too
 * @param bytesOut             bytes written to peers (before TLS encryption), by open connections too
 * @param handlerFailures      handler runs that ended with an exception other than an I/O, TLS or
 *                             protocol error (a bug, logged with its stack trace)
 * @param tlsHandshakes        TLS handshakes completed
 * @param tlsHandshakeFailures TLS handshakes failed, by reason; only reasons seen are present
 */
public record ServerStats(long accepted, int open, int waitingForPermit, long refused, long idleTimeouts,
                          long forcedAtStop, long bytesIn, long bytesOut, long handlerFailures,
                          long tlsHandshakes, Map<TlsErrors.Reason, Long> tlsHandshakeFailures) {

    /** Checks the map and keeps an unmodifiable copy. */
    public ServerStats {
        Objects.requireNonNull(tlsHandshakeFailures, "tlsHandshakeFailures");
        tlsHandshakeFailures = tlsHandshakeFailures.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(tlsHandshakeFailures));
    }

    /** TLS handshakes failed, whatever the reason. */
    public long tlsHandshakesFailed() {
        return tlsHandshakeFailures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** TLS handshakes failed for {@code reason}; 0 when none did. */
    public long tlsHandshakesFailed(TlsErrors.Reason reason) {
        return tlsHandshakeFailures.getOrDefault(Objects.requireNonNull(reason, "reason"), 0L);
    }
}
