package dev.netkit.udp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP socket: bound to a local port, it receives {@link Datagram}s and sends byte arrays, to
 * any address or, once {@link #connect connected}, to one peer.
 *
 * <pre>{@code
 * try (UdpSocket socket = UdpSocket.bind(8080)) {
 *     Datagram d = socket.receive();
 *     socket.send(d.payload(), d.sender());
 * }
 * }</pre>
 *
 * <p>Blocking and virtual-thread friendly: a virtual thread waiting in {@link #receive()} parks
 * without holding a carrier. Any thread may send while another receives; receives are serialized
 * (one receive buffer of {@code maxDatagramSize + 1} bytes is reused, and the extra byte is how
 * truncation is detected). Datagrams longer than the maximum come back with
 * {@link Datagram#truncated()} set.
 *
 * <p>A thread whose interrupt flag is set does not send or receive ({@link InterruptedIOException}):
 * the JDK closes a channel whose I/O is interrupted, and a server's socket is shared by all its
 * handlers. {@link #close()} is safe twice and wakes a blocked receive with an {@link IOException}.
 */
public final class UdpSocket implements AutoCloseable {

    /** The largest UDP payload over IPv6 (65,535 minus the 8-byte UDP header); the default maximum. */
    public static final int MAX_DATAGRAM_SIZE = 65_527;
    /** The largest UDP payload over IPv4 (65,535 minus 20 bytes of IP header and 8 of UDP header). */
    public static final int MAX_IPV4_DATAGRAM_SIZE = 65_507;

    private final DatagramChannel channel;
    private final DatagramSocket adaptor;
    private final int maxDatagramSize;
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final byte[] receiveBuffer;
    private final Map<Membership, MembershipKey> memberships = new ConcurrentHashMap<>();
    private int currentTimeoutMillis;

    UdpSocket(DatagramChannel channel, int maxDatagramSize) {
        this.channel = channel;
        this.adaptor = channel.socket();
        this.maxDatagramSize = maxDatagramSize;
        this.receiveBuffer = new byte[maxDatagramSize + 1];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A socket on an ephemeral port of every interface: what a client needs. */
    public static UdpSocket open() throws IOException {
        return builder().open();
    }

    /** A socket bound to {@code port} (0: any free port) on every interface, IPv4 and IPv6. */
    public static UdpSocket bind(int port) throws IOException {
        return builder().bind(port).open();
    }

    /** A socket bound to {@code address} (port 0: any free port). */
    public static UdpSocket bind(InetSocketAddress address) throws IOException {
        return builder().bind(address).open();
    }

    /** The bound address, with port 0 resolved to the real port. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the socket is closed", e);
        }
    }

    /** The peer of a connected socket; empty when not connected. */
    public Optional<InetSocketAddress> remoteAddress() {
        try {
            return Optional.ofNullable((InetSocketAddress) channel.getRemoteAddress());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The largest payload returned whole; longer datagrams are {@link Datagram#truncated()}. */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Waits for the next datagram.
     *
     * @throws java.net.PortUnreachableException on a connected socket, when an earlier datagram
     *         reached a host where nothing listens on the peer's port
     * @throws IOException when the socket is closed (also while waiting) or the receive fails
     */
    public Datagram receive() throws IOException {
        return receive(0).orElseThrow();
    }

    /**
     * Waits up to {@code timeout} for the next datagram; empty when none arrived in time.
     *
     * @throws IOException as {@link #receive()}
     */
    public Optional<Datagram> receive(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        // The socket option counts whole milliseconds and 0 means forever: round up, cap.
        long millis = Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000));
        return receive((int) millis);
    }

    private Optional<Datagram> receive(int timeoutMillis) throws IOException {
        refuseIfInterrupted("receive");
        try {
            // Another thread may be receiving: waiting for it counts against the timeout too.
            if (timeoutMillis == 0) {
                receiveLock.lockInterruptibly();
            } else if (!receiveLock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to receive");
        }
        try {
            if (timeoutMillis != currentTimeoutMillis) {
                adaptor.setSoTimeout(timeoutMillis);
                currentTimeoutMillis = timeoutMillis;
            }
            DatagramPacket packet = new DatagramPacket(receiveBuffer, receiveBuffer.length);
            try {
                adaptor.receive(packet);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            int length = packet.getLength();
            boolean truncated = length > maxDatagramSize;
            byte[] payload = Arrays.copyOf(receiveBuffer, truncated ? maxDatagramSize : length);
            return Optional.of(new Datagram(payload, (InetSocketAddress) packet.getSocketAddress(), truncated));
        } finally {
            receiveLock.unlock();
        }
    }

    /**
     * Sends {@code payload} as one datagram to {@code to}.
     *
     * @throws java.net.UnknownHostException when {@code to} is an unresolved host name
     * @throws IOException when the send fails, for example a payload too large for the protocol
     *         ("Message too long") or, on a connected socket, a destination other than the peer or
     *         an empty payload (the JDK cannot send an empty datagram on a connected channel)
     */
    public void send(byte[] payload, InetSocketAddress to) throws IOException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(to, "to");
        if (to.isUnresolved()) {
            throw new UnknownHostException("unresolved address: " + to.getHostString());
        }
        refuseIfInterrupted("send");
        if (payload.length == 0 && channel.isConnected()) {
            // The JDK writes a connected channel's datagrams with write(), which sends nothing at
            // all for an empty buffer: refuse rather than pretend.
            throw new IOException("an empty datagram cannot be sent on a connected socket; use an unconnected one");
        }
        int sent = channel.send(ByteBuffer.wrap(payload), to);
        if (sent != payload.length) {
            // A blocking channel sends all or throws; this guards against a silent partial send.
            throw new IOException("datagram of " + payload.length + " bytes not sent (" + sent + " sent)");
        }
    }

    /**
     * Sends {@code payload} as one datagram to the connected peer.
     *
     * @throws IllegalStateException when the socket is not connected
     * @throws IOException as {@link #send(byte[], InetSocketAddress)}; an empty payload included
     */
    public void send(byte[] payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        InetSocketAddress peer = remoteAddress().orElseThrow(
                () -> new IllegalStateException("not connected: call connect(peer) or send(payload, to)"));
        send(payload, peer);
    }

    /**
     * Connects to one peer: from now on only the peer's datagrams are received, {@link #send(byte[])}
     * goes to it, and an ICMP "port unreachable" from it surfaces as a
     * {@link java.net.PortUnreachableException} from the next receive. No packet is exchanged.
     */
    public void connect(InetSocketAddress peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        if (peer.isUnresolved()) {
            throw new UnknownHostException("unresolved address: " + peer.getHostString());
        }
        channel.connect(peer);
    }

    /** Undoes {@link #connect}: datagrams from anyone are received again. */
    public void disconnect() throws IOException {
        channel.disconnect();
    }

    /**
     * Joins the multicast {@code group} on {@code networkInterface}; datagrams sent to the group
     * (and to this socket's port) are then received. Joining twice is harmless.
     *
     * @throws IOException when the interface or the kernel refuses, for example an interface
     *         without multicast support, or an IPv6 group on an IPv4 socket
     */
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Membership m = new Membership(Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(networkInterface, "networkInterface"));
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("group must be a multicast address, got " + group.getHostAddress());
        }
        if (!memberships.containsKey(m)) {
            memberships.put(m, channel.join(group, networkInterface));
        }
    }

    /** Leaves a group joined with {@link #joinGroup}; false when it was not joined. */
    public boolean leaveGroup(InetAddress group, NetworkInterface networkInterface) {
        MembershipKey key = memberships.remove(new Membership(group, networkInterface));
        if (key == null) {
            return false;
        }
        key.drop();
        return true;
    }

    /** Closes the socket; a thread blocked in {@link #receive()} gets an {@link IOException}. Safe twice. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a datagram channel releases a descriptor; there is nothing to flush or report.
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[" + (isOpen() ? localAddress() : "closed") + remoteAddress().map(p -> " -> " + p).orElse("") + "]";
    }

    DatagramChannel channel() {
        return channel;
    }

    private static void refuseIfInterrupted(String what) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("thread interrupted: " + what + " refused so that the socket stays open");
        }
    }

    /** Settings for a {@link UdpSocket}; {@link #open()} creates and binds it. */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress(0);
        private StandardProtocolFamily family;
        private int maxDatagramSize = MAX_DATAGRAM_SIZE;
        private boolean broadcast;
        private boolean reuseAddress;
        private int receiveBufferSize;
        private int sendBufferSize;
        private NetworkInterface multicastInterface;
        private int multicastTtl = -1;
        private Boolean multicastLoopback;

        private Builder() {
        }

        /** The port to bind on every interface; 0 (the default) for any free port. */
        public Builder bind(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            return bind(new InetSocketAddress(port));
        }

        /** The address and port to bind; a specific address also picks the protocol family. */
        public Builder bind(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("address must be resolved, got " + address.getHostString());
            }
            this.bindAddress = address;
            return this;
        }

        /** IPv4 ({@code INET}) or IPv6 ({@code INET6}, which also reaches IPv4 peers); the system's choice by default. */
        public Builder family(StandardProtocolFamily family) {
            Objects.requireNonNull(family, "family");
            if (family == StandardProtocolFamily.UNIX) {
                throw new IllegalArgumentException("family must be INET or INET6, got UNIX");
            }
            this.family = family;
            return this;
        }

        /** The largest payload received whole (1-65527); {@link #MAX_DATAGRAM_SIZE} by default. */
        public Builder maxDatagramSize(int maxDatagramSize) {
            if (maxDatagramSize < 1 || maxDatagramSize > MAX_DATAGRAM_SIZE) {
                throw new IllegalArgumentException("maxDatagramSize must be 1-" + MAX_DATAGRAM_SIZE + ", got " + maxDatagramSize);
            }
            this.maxDatagramSize = maxDatagramSize;
            return this;
        }

        /** Allows sending to broadcast addresses such as 255.255.255.255 (SO_BROADCAST); off by default. */
        public Builder broadcast(boolean broadcast) {
            this.broadcast = broadcast;
            return this;
        }

        /** Lets several sockets bind the same port (SO_REUSEADDR), as multicast receivers do; off by default. */
        public Builder reuseAddress(boolean reuseAddress) {
            this.reuseAddress = reuseAddress;
            return this;
        }

        /** The kernel's receive buffer (SO_RCVBUF) in bytes, a hint the kernel may cap; the system's by default. */
        public Builder receiveBufferSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("receiveBufferSize must be positive, got " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /** The kernel's send buffer (SO_SNDBUF) in bytes; the system's by default. */
        public Builder sendBufferSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("sendBufferSize must be positive, got " + bytes);
            }
            this.sendBufferSize = bytes;
            return this;
        }

        /** The interface that multicast datagrams are sent from; the system's routing by default. */
        public Builder multicastInterface(NetworkInterface networkInterface) {
            this.multicastInterface = Objects.requireNonNull(networkInterface, "networkInterface");
            return this;
        }

        /** How many routers multicast datagrams may cross (0-255); 1 (this network) by default. */
        public Builder multicastTtl(int ttl) {
            if (ttl < 0 || ttl > 255) {
                throw new IllegalArgumentException("multicastTtl must be 0-255, got " + ttl);
            }
            this.multicastTtl = ttl;
            return this;
        }

        /** Whether this host's own members receive the multicast datagrams it sends; on by default. */
        public Builder multicastLoopback(boolean loopback) {
            this.multicastLoopback = loopback;
            return this;
        }

        /**
         * Creates the socket, applies the options and binds it.
         *
         * @throws java.net.BindException when the address is in use or not local (the message names it)
         */
        public UdpSocket open() throws IOException {
            InetAddress host = bindAddress.getAddress();
            StandardProtocolFamily chosen = family != null ? family
                    : host.isAnyLocalAddress() ? null
                    : host instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            InetSocketAddress local = bindAddress;
            if (chosen == StandardProtocolFamily.INET && host.isAnyLocalAddress() && host instanceof Inet6Address) {
                // "Every interface" defaults to the IPv6 wildcard, which an IPv4 socket cannot bind.
                local = new InetSocketAddress("0.0.0.0", bindAddress.getPort());
            }
            DatagramChannel channel = chosen == null ? DatagramChannel.open() : DatagramChannel.open(chosen);
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
                channel.setOption(StandardSocketOptions.SO_BROADCAST, broadcast);
                if (receiveBufferSize > 0) {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
                }
                if (sendBufferSize > 0) {
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
                }
                if (multicastInterface != null) {
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, multicastInterface);
                }
                if (multicastTtl >= 0) {
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, multicastTtl);
                }
                if (multicastLoopback != null) {
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, multicastLoopback);
                }
                try {
                    channel.bind(local);
                } catch (IOException e) {
                    BindException b = new BindException("cannot bind UDP " + local + ": " + e.getMessage());
                    b.initCause(e);
                    throw b;
                }
                return new UdpSocket(channel, maxDatagramSize);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    private record Membership(InetAddress group, NetworkInterface networkInterface) {
    }
}
