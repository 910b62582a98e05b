package dev.netkit.epoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in}, {@code sockaddr_in6} and {@code sockaddr_un} to and from Java
 * addresses.
 *
 * <pre>
 * sockaddr_in  (16): | family u16 | port u16 BE | addr 4 | zero 8 |
 * sockaddr_in6 (28): | family u16 | port u16 BE | flowinfo u32 | addr 16 | scope_id u32 |
 * sockaddr_un (110): | family u16 | path 108, NUL-terminated |
 * </pre>
 *
 * <p>Threading: stateless; any thread.
 */
final class SockAddr {

    /** Large enough for any of the three. */
    static final int MAX_SIZE = 112;
    private static final int UNIX_PATH_MAX = 108;
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddr() {
    }

    /** The socket family to open for {@code address}. */
    static int family(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress u -> Libc.AF_UNIX;
            case InetSocketAddress i when i.getAddress() instanceof Inet4Address -> Libc.AF_INET;
            default -> Libc.AF_INET6;
        };
    }

    /** Writes {@code address} into {@code out} in the form {@code family} needs; returns its length. */
    static int encode(SocketAddress address, int family, MemorySegment out) throws IOException {
        out.fill((byte) 0);
        switch (address) {
            case UnixDomainSocketAddress unix -> {
                byte[] path = unix.getPath().toString().getBytes(StandardCharsets.UTF_8);
                if (path.length >= UNIX_PATH_MAX) {
                    throw new SocketException("unix socket path too long (" + path.length + " bytes, at most "
                            + (UNIX_PATH_MAX - 1) + "): " + unix.getPath());
                }
                out.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
                MemorySegment.copy(path, 0, out, JAVA_BYTE, 2, path.length);
                return 2 + path.length + 1;
            }
            case InetSocketAddress inet -> {
                short port = (short) inet.getPort();
                byte[] ip = inet.getAddress().getAddress();
                if (family == Libc.AF_INET) {
                    out.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
                    out.set(NETWORK_SHORT, 2, port);
                    MemorySegment.copy(ip, 0, out, JAVA_BYTE, 4, 4);
                    return 16;
                }
                out.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
                out.set(NETWORK_SHORT, 2, port);
                if (ip.length == 4) {
                    // IPv4 on an IPv6 socket: the mapped form ::ffff:a.b.c.d.
                    out.set(JAVA_BYTE, 18, (byte) 0xff);
                    out.set(JAVA_BYTE, 19, (byte) 0xff);
                    MemorySegment.copy(ip, 0, out, JAVA_BYTE, 20, 4);
                } else {
                    MemorySegment.copy(ip, 0, out, JAVA_BYTE, 8, 16);
                    if (inet.getAddress() instanceof Inet6Address v6) {
                        out.set(JAVA_INT, 24, v6.getScopeId());
                    }
                }
                return 28;
            }
            default -> throw new SocketException("unsupported address: " + address);
        }
    }

    /** Reads the address the kernel wrote ({@code length} bytes) into {@code in}. */
    static SocketAddress decode(MemorySegment in, int length) throws IOException {
        int family = length < 2 ? Libc.AF_UNIX : in.get(JAVA_SHORT, 0);
        return switch (family) {
            case Libc.AF_INET -> new InetSocketAddress(
                    InetAddress.getByAddress(in.asSlice(4, 4).toArray(JAVA_BYTE)), port(in));
            case Libc.AF_INET6 -> {
                byte[] ip = in.asSlice(8, 16).toArray(JAVA_BYTE);
                int scope = in.get(JAVA_INT, 24);
                // getByAddress turns ::ffff:a.b.c.d into an Inet4Address, as NIO reports dual-stack peers.
                InetAddress address = InetAddress.getByAddress(ip);
                if (address instanceof Inet6Address && scope != 0) {
                    address = Inet6Address.getByAddress(null, ip, scope);
                }
                yield new InetSocketAddress(address, port(in));
            }
            case Libc.AF_UNIX -> {
                // An unnamed peer (the usual client) has no path; NIO reports it as the empty path.
                int end = 2;
                while (end < length && in.get(JAVA_BYTE, end) != 0) {
                    end++;
                }
                byte[] path = in.asSlice(2, end - 2).toArray(JAVA_BYTE);
                yield UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
            }
            default -> throw new SocketException("unexpected address family " + family);
        };
    }

    static int port(MemorySegment in) {
        return Short.toUnsignedInt(in.get(NETWORK_SHORT, 2));
    }

    /** getsockname or getpeername of {@code fd}. */
    static SocketAddress query(int fd, boolean peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment address = arena.allocate(MAX_SIZE);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, MAX_SIZE);
            int r = peer ? Libc.getpeername(errno, fd, address, length) : Libc.getsockname(errno, fd, address, length);
            if (r < 0) {
                throw Errors.exception(Libc.errno(errno));
            }
            return decode(address, length.get(JAVA_INT, 0));
        }
    }

}
