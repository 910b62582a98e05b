package dev.netkit.cli;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.UdpSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * {@code udp:HOST:PORT} as a side of a relay: a socket connected to the peer, so only its
 * datagrams come back ({@link DatagramStreams}). Its input ends after the idle timeout without
 * a datagram.
 */
final class UdpEnd implements RelayEnd {

    private final UdpSocket socket;
    private final InputStream input;
    private final OutputStream output;

    private UdpEnd(UdpSocket socket, Duration idleTimeout) {
        this.socket = socket;
        this.input = new DatagramStreams.Input(timeout -> socket.receive(timeout).map(Datagram::payload), idleTimeout);
        this.output = new DatagramStreams.Output(this::send, socket.maxDatagramSize());
    }

    /** A socket connected to {@code host}:{@code port}. */
    static UdpEnd open(String host, int port, Duration idleTimeout) throws IOException {
        InetSocketAddress peer = new InetSocketAddress(host, port);
        if (peer.isUnresolved()) {
            throw new UnknownHostException("unknown host: " + host);
        }
        UdpSocket socket = UdpSocket.open();
        try {
            socket.connect(peer);
            return new UdpEnd(socket, idleTimeout);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void send(byte[] payload) throws IOException {
        if (payload.length > 0) {
            socket.send(payload);
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
        socket.close();
    }
}
