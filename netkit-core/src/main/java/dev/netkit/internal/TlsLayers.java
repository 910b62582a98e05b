package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.ServerTls;

import java.util.Objects;

/**
 * How {@code dev.netkit} reaches the TLS layer of {@code dev.netkit.tls} without that layer
 * appearing in the public API: the settings classes keep their handshakes package-private and
 * register this bridge when they are initialised. An instance of either class exists before its
 * handshake is asked for, so the bridge is always registered by then.
 */
public final class TlsLayers {

    /** Implemented once, in {@code dev.netkit.tls}. */
    public interface Access {
        ChannelUpgrade server(ServerTls tls);

        ChannelUpgrade client(ClientTls tls, Endpoint endpoint);
    }

    private static volatile Access access;

    private TlsLayers() {
    }

    /** Called by the TLS settings classes' static initialisers. */
    public static void register(Access bridge) {
        access = Objects.requireNonNull(bridge, "bridge");
    }

    /** The handshake a server applies to each accepted channel. */
    public static ChannelUpgrade server(ServerTls tls) {
        return access.server(Objects.requireNonNull(tls, "tls"));
    }

    /** The handshake a client applies to its channel to {@code endpoint}. */
    public static ChannelUpgrade client(ClientTls tls, Endpoint endpoint) {
        return access.client(Objects.requireNonNull(tls, "tls"), Objects.requireNonNull(endpoint, "endpoint"));
    }
}
