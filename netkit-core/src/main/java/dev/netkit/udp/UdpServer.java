package dev.netkit.udp;

import dev.netkit.ShutdownResult;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A datagram server: one socket, one handler called once per datagram.
 *
 * <pre>{@code
 * UdpServer server = UdpServer.builder()
 *         .bind(8080)
 *         .handler((datagram, reply) -> reply.send(datagram.payload()))
 *         .start();
 * }</pre>
 *
 * <p>Threads: one virtual thread receives; it hands each datagram to a new virtual thread that
 * runs the handler, at most {@link Builder#maxHandlers(int)} at once. A datagram that arrives while
 * all of them are busy is dropped and counted, never queued: UDP peers retry or tolerate loss, and
 * a queue would only grow under a flood. Datagrams longer than {@link Builder#maxDatagramSize(int)}
 * are counted as truncated and not handled. {@link #counters()} tells what happened to each.
 *
 * <p>{@link #stop(Duration)} stops receiving, lets running handlers finish (and reply) within the
 * grace period, then closes the socket and interrupts what is left. Thread-safe.
 */
public final class UdpServer implements AutoCloseable {

    /** Default number of handlers that may run at once. */
    public static final int DEFAULT_MAX_HANDLERS = 256;
    /** Default grace period of {@link #close()}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final UdpDispatcher dispatcher;

    private UdpServer(UdpDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address received on, with port 0 resolved to the real port. */
    public InetSocketAddress localAddress() {
        return dispatcher.localAddress();
    }

    /** The port received on. */
    public int port() {
        return dispatcher.localAddress().getPort();
    }

    /** The name given to {@link Builder#name(String)}, used for threads, log lines and metrics. */
    public String name() {
        return dispatcher.name();
    }

    /** What happened to the datagrams so far. */
    public UdpCounters counters() {
        return dispatcher.counters();
    }

    /**
     * Stops receiving, waits up to {@code grace} for running handlers, then closes the socket and
     * interrupts the handlers still running. Idempotent: a second call waits for the first and
     * returns its result. {@link ShutdownResult#forcedConnections()} counts the interrupted handlers.
     */
    public ShutdownResult stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        return dispatcher.stop(grace);
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        dispatcher.awaitStop();
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /** For tests: waits until {@code count} datagrams have been received and accounted for. */
    boolean awaitReceived(long count, Duration timeout) throws InterruptedException {
        return dispatcher.awaitReceived(count, timeout);
    }

    /** Settings for a {@link UdpServer}; {@link #start()} binds and starts receiving. */
    public static final class Builder {
        private InetSocketAddress bindAddress;
        private UdpSocket socket;
        private DatagramHandler handler;
        private int maxDatagramSize = UdpSocket.MAX_DATAGRAM_SIZE;
        private boolean maxDatagramSizeSet;
        private int maxHandlers = DEFAULT_MAX_HANDLERS;
        private int receiveBufferSize;
        private String name = "netkit-udp";

        private Builder() {
        }

        /** The port to receive on, on every interface (IPv4 and IPv6); 0 for any free port. */
        public Builder bind(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            return bind(new InetSocketAddress(port));
        }

        /** The address and port to receive on; 0 for any free port. */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * A socket already open and configured (multicast groups joined, broadcast on), used
         * instead of binding one; the server owns and closes it. It must not be connected.
         */
        public Builder socket(UdpSocket socket) {
            Objects.requireNonNull(socket, "socket");
            if (socket.remoteAddress().isPresent()) {
                throw new IllegalArgumentException("socket must not be connected: a server answers many peers");
            }
            this.socket = socket;
            return this;
        }

        /** The code run for each datagram, on its own virtual thread. */
        public Builder handler(DatagramHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The largest datagram handled (1-65527); longer ones are counted as truncated. */
        public Builder maxDatagramSize(int maxDatagramSize) {
            if (maxDatagramSize < 1 || maxDatagramSize > UdpSocket.MAX_DATAGRAM_SIZE) {
                throw new IllegalArgumentException("maxDatagramSize must be 1-" + UdpSocket.MAX_DATAGRAM_SIZE
                        + ", got " + maxDatagramSize);
            }
            this.maxDatagramSize = maxDatagramSize;
            this.maxDatagramSizeSet = true;
            return this;
        }

        /** How many handlers may run at once; datagrams arriving beyond that are dropped. */
        public Builder maxHandlers(int maxHandlers) {
            if (maxHandlers < 1) {
                throw new IllegalArgumentException("maxHandlers must be at least 1, got " + maxHandlers);
            }
            this.maxHandlers = maxHandlers;
            return this;
        }

        /** The kernel's receive buffer (SO_RCVBUF) in bytes: room for bursts; the system's by default. */
        public Builder receiveBufferSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("receiveBufferSize must be positive, got " + bytes);
            }
            this.receiveBufferSize = bytes;
            return this;
        }

        /** A name for threads and log lines. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Binds (unless a socket was given) and starts receiving.
         *
         * @throws IOException when the address cannot be bound (the message names it)
         * @throws IllegalStateException when no handler was given, or both an address and a socket,
         *         or a socket together with settings that only apply when binding
         */
        public UdpServer start() throws IOException {
            if (handler == null) {
                throw new IllegalStateException("no handler: call handler(DatagramHandler)");
            }
            UdpSocket open = socket;
            if (open != null) {
                if (bindAddress != null || maxDatagramSizeSet || receiveBufferSize > 0) {
                    throw new IllegalStateException(
                            "a given socket comes configured: bind, maxDatagramSize and receiveBufferSize do not apply");
                }
            } else if (bindAddress == null) {
                throw new IllegalStateException("no address: call bind(port) or socket(UdpSocket)");
            } else {
                UdpSocket.Builder b = UdpSocket.builder()
                        .bind(bindAddress)
                        .maxDatagramSize(maxDatagramSize);
                if (receiveBufferSize > 0) {
                    b.receiveBufferSize(receiveBufferSize);
                }
                open = b.open();
            }
            return new UdpServer(UdpDispatcher.start(open, handler, maxHandlers, name));
        }
    }
}
