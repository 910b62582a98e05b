package dev.netkit.internal;

import java.io.IOException;

/**
 * A layer put on a freshly accepted or connected channel before the handler sees it (TLS).
 * Runs on the connection's own thread, so a slow handshake delays only that connection.
 */
@FunctionalInterface
public interface ChannelUpgrade {

    ChannelUpgrade NONE = channel -> channel;

    StreamChannel upgrade(StreamChannel channel) throws IOException;
}
