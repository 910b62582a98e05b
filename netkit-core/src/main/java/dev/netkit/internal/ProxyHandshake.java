package dev.netkit.internal;

import dev.netkit.proxy.ProxyHeader;
import dev.netkit.proxy.ProxyProtocol;
import dev.netkit.proxy.ProxyProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;

/**
 * The first step of a connection on a server that takes PROXY protocol headers: refuse an
 * untrusted peer, read the header off the bare channel (before TLS, and exactly its bytes, so
 * that the next layer finds its own first byte), and give the connection the client's address.
 * Runs on the connection's own thread; the server's sweeper bounds it in time.
 *
 * <p>An access filter on client addresses belongs after this step: from here on,
 * {@link ChannelConnection#remoteAddress()} is the client's.
 */
final class ProxyHandshake {

    private ProxyHandshake() {
    }

    static void run(ChannelConnection connection, ProxyProtocol settings) throws IOException {
        StreamChannel channel = connection.channel();
        SocketAddress peer = channel.remoteAddress();
        if (!settings.trusts(peer)) {
            throw new ProxyProtocolException("PROXY protocol expected, but " + Addresses.describe(peer)
                    + " is not a trusted source (trusted: " + settings.trusted() + ")");
        }
        connection.proxied(ProxyHeader.read(new ExactInput(channel, connection)));
    }

    /** Reads straight from the channel, never more than asked: no buffer may swallow the next layer's bytes. */
    private static final class ExactInput extends InputStream {
        private final StreamChannel channel;
        private final ChannelConnection counted;
        private final byte[] one = new byte[1];

        ExactInput(StreamChannel channel, ChannelConnection counted) {
            this.channel = channel;
            this.counted = counted;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = length == 0 ? 0 : channel.read(buffer, offset, length);
            if (n > 0) {
                counted.countRead(n);
            }
            return n;
        }
    }
}
