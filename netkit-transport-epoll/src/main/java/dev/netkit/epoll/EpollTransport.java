package dev.netkit.epoll;

import dev.netkit.Endpoint;
import dev.netkit.internal.ListenChannel;
import dev.netkit.internal.SocketErrors;
import dev.netkit.internal.SocketOptions;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.Transport;
import dev.netkit.internal.UnixSocketFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The Linux transport: non-blocking sockets on edge-triggered epoll, through the foreign function
 * API. Behaves as {@link dev.netkit.internal.NioTransport} does, down to its error messages:
 * a TCP wildcard listens on IPv4 and IPv6 at once, Unix socket files are claimed and released
 * the same way, and failures go through {@link SocketErrors}.
 *
 * <p>Threading: stateless; any thread. {@code connect} parks the calling thread.
 */
public final class EpollTransport implements Transport {

    /** Created by the provider once it has checked that epoll can run here. */
    public static final EpollTransport INSTANCE = new EpollTransport();
    private static final int DEFAULT_BACKLOG = 50;

    private EpollTransport() {
        Pollers.count();
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public ListenChannel listen(Endpoint endpoint, int backlog, SocketOptions options) throws IOException {
        int queue = backlog < 1 ? DEFAULT_BACKLOG : backlog;
        return switch (endpoint) {
            case Endpoint.Tcp tcp -> {
                InetSocketAddress address = tcp.bindAddress();
                if (address.isUnresolved()) {
                    throw new UnknownHostException("unknown host: " + tcp.host());
                }
                // As NIO: the IPv4 wildcard becomes a dual-stack IPv6 socket where IPv6 exists.
                boolean dualStack = address.getAddress().isAnyLocalAddress() && address.getAddress() instanceof Inet4Address;
                int fd = dualStack ? newSocket(Libc.AF_INET6) : -1;
                int family = fd >= 0 ? Libc.AF_INET6 : SockAddr.family(address);
                if (fd < 0) {
                    fd = openSocket(family);
                } else {
                    // In an IPv6 socket, ::ffff:0.0.0.0 would mean IPv4 only: bind to :: itself.
                    address = new InetSocketAddress(InetAddress.getByAddress(new byte[16]), address.getPort());
                }
                SocketAddress bound;
                try {
                    if (family == Libc.AF_INET6) {
                        setInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, 0);
                    }
                    setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
                    if (options.reusePort()) {
                        setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, 1);
                    }
                    if (options.keepAlive()) {
                        // Linux hands the listener's SO_KEEPALIVE on to every socket it accepts.
                        setInt(fd, Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1);
                    }
                    bindAndListen(fd, address, family, queue);
                    bound = SockAddr.query(fd, false);
                } catch (IOException e) {
                    closeQuietly(fd);
                    throw SocketErrors.bindFailed(endpoint, e);
                }
                int port = ((InetSocketAddress) bound).getPort();
                yield new EpollListenChannel(Pollers.next().register(fd), Endpoint.tcp(tcp.host(), port), bound, null);
            }
            case Endpoint.Unix unix -> {
                UnixSocketFiles.claim(unix.path());
                int fd = openSocket(Libc.AF_UNIX);
                try {
                    bindAndListen(fd, unix.bindAddress(), Libc.AF_UNIX, queue);
                } catch (IOException e) {
                    closeQuietly(fd);
                    throw SocketErrors.bindFailed(endpoint, e);
                }
                yield new EpollListenChannel(Pollers.next().register(fd), unix, unix.bindAddress(),
                        UnixSocketFiles.bound(unix.path()));
            }
        };
    }

    @Override
    public StreamChannel connect(Endpoint endpoint, Duration timeout, SocketOptions options) throws IOException {
        if (options.source() != null) {
            throw new IllegalStateException("the epoll transport cannot connect from a source address; use nio");
        }
        long deadline = timeout.isZero() || timeout.isNegative() ? 0 : System.nanoTime() + timeout.toNanos();
        return switch (endpoint) {
            case Endpoint.Tcp tcp -> {
                InetSocketAddress address = new InetSocketAddress(tcp.connectHost(), tcp.port());
                if (address.isUnresolved()) {
                    throw new UnknownHostException("unknown host: " + tcp.connectHost());
                }
                String where = tcp.connectHost() + ":" + tcp.port();
                EpollSocket socket = Connector.connect(address, deadline, where);
                if (socket == null) {
                    throw new SocketTimeoutException("connect to " + where + " timed out after " + timeout.toMillis() + " ms");
                }
                try {
                    setInt(socket.fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);
                    if (options.keepAlive()) {
                        setInt(socket.fd, Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1);
                    }
                    yield new EpollStreamChannel(socket, true, SockAddr.query(socket.fd, false), address);
                } catch (IOException e) {
                    socket.close();
                    throw SocketErrors.connectFailed(where, e);
                }
            }
            case Endpoint.Unix unix -> {
                EpollSocket socket = Connector.connect(unix.bindAddress(), deadline, unix.toString());
                if (socket == null) {
                    throw new SocketTimeoutException("connect to " + unix + " timed out after " + timeout.toMillis() + " ms");
                }
                // The client end of a Unix socket is unnamed: NIO reports the empty path.
                yield new EpollStreamChannel(socket, false, java.net.UnixDomainSocketAddress.of(""), unix.bindAddress());
            }
        };
    }

    /** A new non-blocking, close-on-exec stream socket, or -1 (for the dual-stack probe). */
    static int newSocket(int family) {
        try (Arena arena = Arena.ofConfined()) {
            return Libc.socket(Libc.errnoSegment(arena), family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        }
    }

    static int openSocket(int family) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = Libc.socket(errno, family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Errors.exception(Libc.errno(errno));
            }
            return fd;
        }
    }

    private static void bindAndListen(int fd, SocketAddress address, int family, int backlog) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment sockaddr = arena.allocate(SockAddr.MAX_SIZE, 8);
            int length = SockAddr.encode(address, family, sockaddr);
            if (Libc.bind(errno, fd, sockaddr, length) < 0 || Libc.listen(errno, fd, backlog) < 0) {
                throw Errors.exception(Libc.errno(errno));
            }
        }
    }

    static void setInt(int fd, int level, int option, int value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            if (Libc.setsockopt(errno, fd, level, option, v, 4) < 0) {
                throw Errors.exception(Libc.errno(errno));
            }
        }
    }

    /** Closes an fd that no {@link EpollSocket} owns yet. */
    static void closeQuietly(int fd) {
        Libc.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return "epoll transport (" + Pollers.count() + " poller" + (Pollers.count() == 1 ? "" : "s") + ")";
    }
}
