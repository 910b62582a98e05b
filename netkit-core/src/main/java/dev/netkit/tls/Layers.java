package dev.netkit.tls;

import dev.netkit.Endpoint;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.TlsLayers;

/** The TLS handshakes, handed to the rest of the core through {@link TlsLayers}. */
final class Layers implements TlsLayers.Access {

    static final Layers INSTANCE = new Layers();

    static {
        TlsLayers.register(INSTANCE);
    }

    private Layers() {
    }

    /** Makes sure the bridge is registered; called by each settings class when it loads. */
    static void register() {
        // class initialisation did the work
    }

    @Override
    public ChannelUpgrade server(ServerTls tls) {
        return tls.channelUpgrade();
    }

    @Override
    public ChannelUpgrade client(ClientTls tls, Endpoint endpoint) {
        return tls.channelUpgrade(endpoint);
    }
}
