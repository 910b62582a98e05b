package dev.netkit.cli;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.UdpSocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code netkit connect --udp}: talks to one UDP peer line by line. Each line of the input, its
 * line break included (as {@code nc -u} sends it), is sent as one datagram, and each datagram
 * received is written to the output as it came, followed by a line break when it has none. It
 * ends by itself once the input has ended and nothing has arrived for {@code timeout} (since the
 * input ended or since the last datagram, whichever is later), since over UDP no "end" ever comes
 * from the peer. {@link StreamRelay} is its counterpart for TCP and Unix sockets.
 *
 * <p>Threads: a virtual thread reads the input and sends; the calling thread receives and writes
 * the output. The input must not need the caller's thread to make progress.
 */
final class UdpLineClient {

    private UdpLineClient() {
    }

    /**
     * Runs the conversation until the input has ended and the peer has been quiet for {@code timeout}.
     *
     * @param socket a {@link UdpSocket#connect connected} socket; left open
     * @param input the lines to send
     * @param output where each datagram received is written
     * @param timeout how long the peer may be quiet once the input has ended; positive
     * @throws java.net.PortUnreachableException when nothing listens at the peer's port
     * @throws IOException when reading the input, sending (a line longer than the largest
     *         datagram, for one) or writing the output fails
     */
    static void run(UdpSocket socket, InputStream input, OutputStream output, Duration timeout) throws IOException {
        run(socket, null, input, output, timeout);
    }

    /**
     * As {@link #run(UdpSocket, InputStream, OutputStream, Duration)}, sending to {@code to} with an
     * unconnected socket and printing datagrams from anyone: for a multicast group or a broadcast
     * address, whose members answer from their own addresses.
     *
     * @param socket the socket; connected when {@code to} is null; left open
     * @param to where to send, or null for the connected peer
     * @param input the lines to send
     * @param output where each datagram received is written
     * @param timeout how long the peers may be quiet once the input has ended; positive
     * @throws IOException when reading the input, sending or writing the output fails
     */
    static void run(UdpSocket socket, InetSocketAddress to, InputStream input, OutputStream output, Duration timeout)
            throws IOException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (to == null && socket.remoteAddress().isEmpty()) {
            throw new IllegalArgumentException("socket must be connected to the peer");
        }
        AtomicReference<IOException> sendFailure = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        // Set when the input has ended: the nanoTime of that moment.
        AtomicReference<Long> inputEnded = new AtomicReference<>();
        Thread.ofVirtual().name("udp-line-sender").start(() -> {
            try {
                sendLines(input, finished, payload -> send(socket, to, payload));
            } catch (IOException e) {
                sendFailure.set(e);
            } finally {
                inputEnded.set(System.nanoTime());
            }
        });
        long lastReceived = System.nanoTime();
        try {
            while (true) {
                IOException failed = sendFailure.get();
                if (failed != null) {
                    throw failed;
                }
                Long ended = inputEnded.get();
                Duration wait = timeout;
                if (ended != null) {
                    long left = Math.max(ended, lastReceived) + timeout.toNanos() - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    wait = Duration.ofNanos(left);
                }
                Optional<Datagram> datagram = socket.receive(wait);
                if (datagram.isPresent()) {
                    lastReceived = System.nanoTime();
                    write(datagram.get(), output);
                }
            }
        } finally {
            // The sender may be blocked reading an input that has not ended (an interrupt would
            // not wake a blocking read, and would close the socket if it hit a send): it stops
            // before sending anything more.
            finished.set(true);
        }
    }

    /** Where {@link #sendLines} sends each line, as one datagram. */
    interface LineSink {
        void send(byte[] line) throws IOException;
    }

    /**
     * Sends each line of {@code input}, its line break included, and a last line without one,
     * until the input ends or {@code finished} is set.
     *
     * @throws IOException when reading or sending fails, or a line is longer than the largest datagram
     */
    static void sendLines(InputStream input, AtomicBoolean finished, LineSink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = input.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                if (finished.get()) {
                    return;
                }
                sink.send(line.toByteArray());
                line.reset();
            } else if (line.size() >= UdpSocket.MAX_DATAGRAM_SIZE) {
                throw new IOException("input line longer than the largest datagram ("
                        + UdpSocket.MAX_DATAGRAM_SIZE + " bytes)");
            }
        }
        if (line.size() > 0 && !finished.get()) {
            sink.send(line.toByteArray());
        }
    }

    private static void send(UdpSocket socket, InetSocketAddress to, byte[] payload) throws IOException {
        if (to == null) {
            socket.send(payload);
        } else {
            socket.send(payload, to);
        }
    }

    /** Writes the datagram's payload, and a line break when it does not end with one. */
    static void write(Datagram datagram, OutputStream output) throws IOException {
        byte[] payload = datagram.payload();
        output.write(payload);
        if (payload.length == 0 || payload[payload.length - 1] != '\n') {
            output.write('\n');
        }
        output.flush();
    }
}
