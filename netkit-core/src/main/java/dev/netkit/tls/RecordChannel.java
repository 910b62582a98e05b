package dev.netkit.tls;

import dev.netkit.internal.StreamChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The ciphertext side of {@link TlsStreamChannel}: the packet buffers between an {@link SSLEngine}
 * and the raw channel. An idle connection should cost little (a TLS record with its header is
 * about 16.7 KiB), so:
 * <ul>
 * <li>the inbound buffer starts at {@value #FIRST_IN_SIZE} bytes, enough for the handshake's small
 *     messages and for small records, and grows to the session's packet size when a record does
 *     not fit;
 * <li>the outbound buffer is borrowed from a pool shared by all connections for one wrap and
 *     given back once its bytes are written (the engine wants a whole packet's room to wrap). It
 *     only ever holds ciphertext.
 * </ul>
 *
 * <p>Threading: the inbound half ({@link #netIn()}, {@link #fill()}) is used by the reading thread
 * only, the outbound half ({@link #wrapAndSend}) by the thread holding the write lock; the owner
 * guarantees both. {@link #runTasks()} may run on either.
 */
final class RecordChannel {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    static final int FIRST_IN_SIZE = 4096;
    /**
     * The most records one write carries: a record carries a little under 16 KiB (16,367 bytes of
     * application data on JDK 25), so a 64 KiB relay chunk takes five.
     */
    static final int RECORDS_PER_SEND = 5;
    /** At most what one record carries, to count the records a write needs without falling short. */
    private static final int RECORD_DATA_FLOOR = 16 * 1024 - 256;
    // Enough for this many writers blocked at once; beyond it buffers are allocated and dropped.
    private static final int POOL_MAX = 256;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    final StreamChannel raw;
    final SSLEngine engine;
    // In read mode: position..limit is ciphertext not yet unwrapped.
    private ByteBuffer netIn;

    RecordChannel(StreamChannel raw, SSLEngine engine) {
        this.raw = raw;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(Math.min(FIRST_IN_SIZE, engine.getSession().getPacketBufferSize())).flip();
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

    /**
     * Wraps {@code source} into records, up to {@link #RECORDS_PER_SEND} of them while it has
     * application data to send, and writes what they came to in one write: a 64 KiB write is one
     * system call instead of five. Returns the last wrap's result.
     */
    SSLEngineResult wrapAndSend(ByteBuffer source) throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        int records = Math.clamp(-Math.floorDiv(-source.remaining(), RECORD_DATA_FLOOR), 1, RECORDS_PER_SEND);
        int size = packet * records;
        ByteBuffer netOut = borrow(size);
        try {
            SSLEngineResult result;
            while ((result = engine.wrap(source, netOut)).getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                size *= 2; // the session's packet size grew after the handshake
                netOut = ByteBuffer.allocate(size);
            }
            // More records into the same buffer only while plain application data goes out:
            // handshake and closing records keep to one wrap each, as the caller expects.
            while (source.hasRemaining() && netOut.remaining() >= packet && result.bytesConsumed() > 0
                    && result.getStatus() == SSLEngineResult.Status.OK
                    && result.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                SSLEngineResult next = engine.wrap(source, netOut);
                if (next.getStatus() != SSLEngineResult.Status.OK) {
                    break; // consumed nothing; the next call reports it
                }
                result = next;
            }
            if (netOut.position() > 0) {
                raw.write(netOut.array(), 0, netOut.position());
            }
            return result;
        } finally {
            giveBack(netOut);
        }
    }

    private static ByteBuffer borrow(int size) {
        ByteBuffer buffer = POOL.poll();
        if (buffer == null) {
            return ByteBuffer.allocate(size);
        }
        POOLED.decrementAndGet();
        return buffer.capacity() >= size ? buffer.clear() : ByteBuffer.allocate(size);
    }

    private static void giveBack(ByteBuffer buffer) {
        if (POOLED.incrementAndGet() <= POOL_MAX) {
            POOL.offer(buffer);
        } else {
            POOLED.decrementAndGet();
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
