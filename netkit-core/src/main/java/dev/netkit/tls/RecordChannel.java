package dev.netkit.tls;

import dev.netkit.internal.StreamChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The ciphertext side of {@link TlsStreamChannel}: the packet buffers between an {@link SSLEngine}
 * and the raw channel, one for each direction, sized from the session (a TLS record and its
 * header, about 16.7 KiB) and allocated once.
 *
 * <p>Threading: the inbound half ({@link #netIn()}, {@link #fill()}) is used by the reading thread
 * only, the outbound half ({@link #wrapAndSend}) by the thread holding the write lock; the owner
 * guarantees both. {@link #runTasks()} may run on either.
 */
final class RecordChannel {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final StreamChannel raw;
    final SSLEngine engine;
    // In read mode: position..limit is ciphertext not yet unwrapped.
    private ByteBuffer netIn;
    private ByteBuffer netOut;

    RecordChannel(StreamChannel raw, SSLEngine engine) {
        this.raw = raw;
        this.engine = engine;
        int packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packetSize).flip();
        this.netOut = ByteBuffer.allocate(packetSize);
    }

    ByteBuffer netIn() {
        return netIn;
    }

    /** Reads more ciphertext after what {@link #netIn()} holds; the count, or -1 at end of stream. */
    int fill() throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                int size = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() >= size) {
                    throw new SSLException("a TLS record larger than " + size + " bytes");
                }
                netIn = ByteBuffer.allocate(size).put(netIn.flip());
            }
            int n = raw.read(netIn.array(), netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
            }
            return n;
        } finally {
            netIn.flip();
        }
    }

    /** One wrap of {@code source} (at most one record of it), and what it produced written out. */
    SSLEngineResult wrapAndSend(ByteBuffer source) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(source, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                continue;
            }
            if (netOut.position() > 0) {
                raw.write(netOut.array(), 0, netOut.position());
            }
            return result;
        }
    }

    /** Sends close_notify (with the write lock held, or during the handshake). */
    void closeOutbound() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            if (wrapAndSend(EMPTY).bytesProduced() == 0) {
                break;
            }
        }
    }

    /** Runs the engine's delegated tasks (certificate checks, key agreement) on the calling thread. */
    HandshakeStatus runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }
}
