package dev.netkit.cli;

import dev.netkit.ShutdownResult;
import dev.netkit.udp.Datagram;
import dev.netkit.udp.UdpSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code udp-listen:[HOST:]PORT}: one relay per source address (a flow), each to a side of its own
 * that {@code open} makes. A flow's datagrams wait in a bounded queue for its relay; past
 * {@link #QUEUE} waiting, or past {@link #MAX_FLOWS} flows, datagrams are dropped (UDP may lose
 * them anyway) and the first drop of each kind is said on stderr. A flow ends after its idle
 * timeout without a datagram, or when its relay fails.
 *
 * <p>Threads: one platform thread receives and dispatches; each flow's relay runs as
 * {@link RelayPump} does.
 */
final class UdpRelayListener {

    static final int QUEUE = 256;
    static final int MAX_FLOWS = 1024;

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    private final UdpSocket socket;
    private final Duration idleTimeout;
    private final RelayOpener open;
    private final ConcurrentHashMap<InetSocketAddress, Flow> flows = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean saidTooMany = new AtomicBoolean();

    private UdpRelayListener(UdpSocket socket, Duration idleTimeout, RelayOpener open) {
        this.socket = socket;
        this.idleTimeout = idleTimeout;
        this.open = open;
    }

    /** Binds {@code address}, says so on stderr, and starts receiving. */
    static UdpRelayListener start(InetSocketAddress address, Duration idleTimeout, RelayOpener open) throws IOException {
        UdpSocket socket = UdpSocket.bind(address);
        UdpRelayListener listener = new UdpRelayListener(socket, idleTimeout, open);
        InetSocketAddress bound = socket.localAddress();
        LOG.log(System.Logger.Level.INFO, "netkit relay receiving UDP on " + bound.getHostString() + ":" + bound.getPort()
                + " (one relay per source address, ended after " + idleTimeout.toSeconds() + " s without a datagram)");
        Thread.ofPlatform().name("netkit-relay-udp").start(listener::receive);
        return listener;
    }

    private void receive() {
        try {
            while (true) {
                Datagram datagram = socket.receive();
                Flow flow = flows.get(datagram.sender());
                if (flow == null) {
                    flow = startFlow(datagram.sender());
                }
                if (flow != null) {
                    flow.offer(datagram.payload());
                }
            }
        } catch (IOException e) {
            // closed by stop()
        } finally {
            stopped.countDown();
        }
    }

    private Flow startFlow(InetSocketAddress sender) {
        if (flows.size() >= MAX_FLOWS) {
            if (saidTooMany.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "relay: " + MAX_FLOWS + " UDP flows at once; dropping datagrams from new senders");
            }
            return null;
        }
        Flow flow = new Flow(sender);
        flows.put(sender, flow);
        Thread.ofVirtual().name("netkit-relay-flow").start(() -> {
            try (flow; RelayEnd other = open.open()) {
                RelayPump.relay(flow, other);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "relay from " + sender + ": " + e.getMessage());
            } finally {
                flows.remove(sender, flow);
            }
        });
        return flow;
    }

    /** Stops receiving and ends every flow. */
    ShutdownResult stop(Duration grace) {
        long start = System.nanoTime();
        socket.close();
        flows.values().forEach(Flow::close);
        return new ShutdownResult(true, 0, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits until {@link #stop} has run. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** One source address's datagrams, as a side of a relay. */
    private final class Flow implements RelayEnd {

        private final InetSocketAddress sender;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
        private final InputStream input;
        private final OutputStream output;
        private final AtomicBoolean saidFull = new AtomicBoolean();
        private volatile boolean closed;

        Flow(InetSocketAddress sender) {
            this.sender = sender;
            this.input = new DatagramStreams.Input(this::next, idleTimeout);
            this.output = new DatagramStreams.Output(this::send, socket.maxDatagramSize());
        }

        void offer(byte[] payload) {
            if (!queue.offer(payload) && saidFull.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "relay: datagrams from " + sender + " come faster than they go on;"
                        + " dropping those past " + QUEUE);
            }
        }

        private Optional<byte[]> next(Duration timeout) throws IOException {
            if (closed) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }

        private void send(byte[] payload) throws IOException {
            if (payload.length > 0) {
                socket.send(payload, sender);
            }
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void shutdownOutput() {
            // UDP has no end of stream to send
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
