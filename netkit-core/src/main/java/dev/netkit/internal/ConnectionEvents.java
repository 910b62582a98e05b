package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.internal.events.ConnectionClosedEvent;
import dev.netkit.internal.events.ConnectionOpenedEvent;
import dev.netkit.internal.events.IdleTimeoutEvent;
import dev.netkit.internal.events.TlsHandshakeFailedEvent;
import dev.netkit.tls.TlsErrors;

/**
 * Commits a server's JFR events. Each method builds its event and asks {@code shouldCommit()}
 * before filling in a field: with no recording that enables it, the call costs a check of a flag
 * (and the JIT removes the allocation). Called on whichever thread saw the event happen.
 */
final class ConnectionEvents {

    private ConnectionEvents() {
    }

    static void opened(String server, ChannelConnection c, Endpoint endpoint) {
        ConnectionOpenedEvent event = new ConnectionOpenedEvent();
        if (event.shouldCommit()) {
            event.server = server;
            event.connectionId = c.id();
            event.remoteAddress = Addresses.describe(c.remoteAddress());
            event.endpoint = endpoint.toString();
            event.commit();
        }
    }

    static void closed(String server, Session session) {
        ConnectionClosedEvent event = new ConnectionClosedEvent();
        if (event.shouldCommit()) {
            ChannelConnection c = session.connection;
            event.server = server;
            event.connectionId = c.id();
            event.remoteAddress = Addresses.describe(c.remoteAddress());
            event.bytesIn = c.bytesRead();
            event.bytesOut = c.bytesWritten();
            event.openFor = System.nanoTime() - session.startNanos;
            String reason = session.closeReason;
            event.reason = reason == null ? "" : reason;
            event.commit();
        }
    }

    static void handshakeFailed(String server, ChannelConnection c, TlsErrors.Reason reason, Throwable failure) {
        TlsHandshakeFailedEvent event = new TlsHandshakeFailedEvent();
        if (event.shouldCommit()) {
            event.server = server;
            event.connectionId = c.id();
            event.remoteAddress = Addresses.describe(c.remoteAddress());
            event.reason = reason.name();
            event.message = TlsErrors.describe(failure);
            event.commit();
        }
    }

    static void idleTimeout(String server, ChannelConnection c, long idleNanos) {
        IdleTimeoutEvent event = new IdleTimeoutEvent();
        if (event.shouldCommit()) {
            event.server = server;
            event.connectionId = c.id();
            event.remoteAddress = Addresses.describe(c.remoteAddress());
            event.idleTimeout = idleNanos;
            event.commit();
        }
    }
}
