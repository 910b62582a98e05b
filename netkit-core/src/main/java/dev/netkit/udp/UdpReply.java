package dev.netkit.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * How a {@link DatagramHandler} answers: sends go out of the server's own socket, so they come
 * from the port the client sent to (as {@code nc -u} and most UDP clients require), and each one
 * is counted in {@link UdpCounters#sent()}. Safe for concurrent use.
 */
public final class UdpReply {

    private final UdpSocket socket;
    private final InetSocketAddress sender;
    private final LongAdder sent;

    UdpReply(UdpSocket socket, InetSocketAddress sender, LongAdder sent) {
        this.socket = socket;
        this.sender = sender;
        this.sent = sent;
    }

    /** Who the datagram being handled came from: where {@link #send(byte[])} goes. */
    public InetSocketAddress sender() {
        return sender;
    }

    /** Sends {@code payload} as one datagram back to the sender. */
    public void send(byte[] payload) throws IOException {
        sendTo(payload, sender);
    }

    /** Sends {@code text}, UTF-8 encoded, as one datagram back to the sender. */
    public void send(String text) throws IOException {
        sendTo(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), sender);
    }

    /** Sends {@code payload} as one datagram to any address, from the server's port. */
    public void sendTo(byte[] payload, InetSocketAddress to) throws IOException {
        socket.send(payload, to);
        sent.increment();
    }
}
