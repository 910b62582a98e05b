package dev.netkit.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Opens the benchmark's connections: TCP with no Nagle delay, or a Unix domain socket. With several
 * source addresses the connections take them in turn, so more than one address's worth of
 * ephemeral ports (about 28,000 on Linux) can reach one server port.
 */
final class Connector {

    private final SocketAddress target;
    private final List<InetAddress> sources;

    Connector(SocketAddress target, List<InetAddress> sources) {
        this.target = target;
        this.sources = sources;
    }

    /**
     * A connected, blocking channel; connection {@code index} picks the source address (any int:
     * a long run's counter wraps). Closes the channel on any failure.
     */
    SocketChannel open(int index) throws IOException {
        if (target instanceof UnixDomainSocketAddress) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(target);
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        SocketChannel channel = SocketChannel.open();
        try {
            if (!sources.isEmpty()) {
                channel.bind(new InetSocketAddress(sources.get(Math.floorMod(index, sources.size())), 0));
            }
            channel.connect(target);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    boolean tcp() {
        return !(target instanceof UnixDomainSocketAddress);
    }

    static String describe(SocketAddress target) {
        if (target instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return target.toString();
    }
}
