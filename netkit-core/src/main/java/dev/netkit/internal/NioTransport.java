package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The portable transport: the JDK's blocking {@link SocketChannel}s, on which a virtual thread
 * parks instead of blocking its carrier. TCP and Unix domain sockets share this one path; only the
 * protocol family differs.
 */
public final class NioTransport implements Transport {

    public static final NioTransport INSTANCE = new NioTransport();

    private NioTransport() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public ListenChannel listen(Endpoint endpoint, int backlog, SocketOptions options) throws IOException {
        JdkPoller.start();
        return switch (endpoint) {
            case Endpoint.Tcp tcp -> {
                InetSocketAddress address = tcp.bindAddress();
                if (address.isUnresolved()) {
                    throw new UnknownHostException("unknown host: " + tcp.host());
                }
                ServerSocketChannel channel = ServerSocketChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    if (options.reusePort()) {
                        if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                            throw new IOException("SO_REUSEPORT is not supported on this system");
                        }
                        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    channel.bind(address, backlog);
                } catch (IOException e) {
                    channel.close();
                    throw SocketErrors.bindFailed(endpoint, e);
                }
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                yield new NioListenChannel(channel, Endpoint.tcp(tcp.host(), bound.getPort()), null, options.keepAlive());
            }
            case Endpoint.Unix unix -> {
                UnixSocketFiles.claim(unix.path());
                ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.bind(unix.bindAddress(), backlog);
                } catch (IOException e) {
                    channel.close();
                    throw SocketErrors.bindFailed(endpoint, e);
                }
                yield new NioListenChannel(channel, unix, UnixSocketFiles.bound(unix.path()), false);
            }
        };
    }

    @Override
    public StreamChannel connect(Endpoint endpoint, Duration timeout, SocketOptions options) throws IOException {
        InetSocketAddress source = options.source();
        if (source != null && !(endpoint instanceof Endpoint.Tcp)) {
            throw new IllegalArgumentException("a source address is for TCP, not " + endpoint);
        }
        return switch (endpoint) {
            case Endpoint.Tcp tcp -> {
                InetSocketAddress address = new InetSocketAddress(tcp.connectHost(), tcp.port());
                if (address.isUnresolved()) {
                    throw new UnknownHostException("unknown host: " + tcp.connectHost());
                }
                SocketChannel channel = SocketChannel.open();
                bindSource(channel, source);
                try {
                    // The adaptor socket is the one JDK way to bound a blocking connect in time.
                    channel.socket().connect(address, timeoutMillis(timeout));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (options.keepAlive()) {
                        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                    }
                    yield new NioStreamChannel(channel, true);
                } catch (SocketTimeoutException e) {
                    channel.close();
                    throw new SocketTimeoutException("connect to " + tcp.connectHost() + ":" + tcp.port()
                            + " timed out after " + timeout.toMillis() + " ms");
                } catch (IOException e) {
                    channel.close();
                    throw SocketErrors.connectFailed(tcp.connectHost() + ":" + tcp.port(), e);
                }
            }
            case Endpoint.Unix unix -> {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ConnectWatchdog.connect(channel, unix.bindAddress(), timeout, unix.toString());
                    yield new NioStreamChannel(channel, false);
                } catch (SocketTimeoutException e) {
                    channel.close();
                    throw e;
                } catch (IOException e) {
                    channel.close();
                    throw SocketErrors.connectFailed(unix.toString(), e);
                }
            }
        };
    }

    private static void bindSource(SocketChannel channel, InetSocketAddress source) throws IOException {
        if (source == null) {
            return;
        }
        try {
            channel.bind(source);
        } catch (IOException e) {
            channel.close();
            BindException failed = new BindException("cannot connect from " + source.getHostString() + ":"
                    + source.getPort() + ": " + SocketErrors.describe(e));
            failed.initCause(e);
            throw failed;
        }
    }

    private static int timeoutMillis(Duration timeout) {
        long millis = timeout.toMillis();
        if (millis <= 0) {
            return 0;
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }
}
