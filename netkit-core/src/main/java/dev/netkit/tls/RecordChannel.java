package dev.netkit.tls;

import dev.netkit.internal.PolledChannel;
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
 * and the raw channel. A connection waiting for input holds none of them (a TLS record with its
 * header is about 16.7 KiB, more than everything else an idle connection costs), so:
 * <ul>
 * <li>the inbound buffer is lent when bytes arrive and given back when it is drained and the
 *     connection waits again ({@link InboundBuffers}); a partial record keeps it. It is
 *     {@value InboundBuffers#SMALL} bytes, enough for the handshake's messages and small records,
 *     and grows to the session's packet size when a record does not fit;
 * <li>the outbound buffer is borrowed from a pool shared by all connections for one wrap (or one
 *     handshake flight) and given back once its bytes are written (the engine wants a whole
 *     packet's room to wrap). It only ever holds ciphertext.
 * </ul>
 * On a transport that can wait for input without reading ({@link PolledChannel}) nothing at all
 * is held while waiting; on the others the wait is a read of the next record's 5-byte header.
 *
 * <p>Threading: the inbound half ({@link #netIn()}, {@link #fill()}) is used by the reading thread
 * only, the outbound half ({@link #wrapAndSend}, {@link #wrapFlight()}) by the thread holding the
 * write lock (or the handshake's); the owner guarantees both. {@link #runTasks()} may run on either.
 */
final class RecordChannel {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * The most records one write carries: a record carries a little under 16 KiB (16,367 bytes of
     * application data on JDK 25), so a 64 KiB relay chunk takes five.
     */
    static final int RECORDS_PER_SEND = 5;
    /** At most what one record carries, to count the records a write needs without falling short. */
    private static final int RECORD_DATA_FLOOR = 16 * 1024 - 256;
    /** A TLS record's header: type, version, length. */
    private static final int HEADER = 5;
    // Enough for this many writers blocked at once; beyond it buffers are allocated and dropped.
    private static final int POOL_MAX = 256;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    final StreamChannel raw;
    final SSLEngine engine;
    // In read mode: position..limit is ciphertext not yet unwrapped. Null while the connection
    // waits with nothing buffered: then the buffer is back with InboundBuffers.
    private ByteBuffer netIn;
    // The last buffer lent needed the full size: the next one is lent at that size straight away.
    private boolean fullSize;
    // Where a transport without PolledChannel waits: the next record's header (5 bytes).
    private byte[] header;
    // Handshake records wrapped and not written yet (write mode), or null.
    private ByteBuffer flight;

    RecordChannel(StreamChannel raw, SSLEngine engine) {
        this.raw = raw;
        this.engine = engine;
    }

    /** The ciphertext read and not yet unwrapped, in read mode; empty (not to be written to) when there is none. */
    ByteBuffer netIn() {
        return netIn == null ? EMPTY : netIn;
    }

    /**
     * Reads more ciphertext after what {@link #netIn()} holds; the count, or -1 at end of stream.
     * When it holds nothing, the buffer goes back while the read waits, and a new one is lent for
     * what arrives.
     */
    int fill() throws IOException {
        if (netIn == null || !netIn.hasRemaining()) {
            return fillEmpty();
        }
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                grow();
            }
            int n = raw.read(netIn.array(), netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
            }
            return n;
        } catch (IOException e) {
            netIn.clear(); // the connection is broken: what it held is of no more use
            throw e;
        } finally {
            netIn.flip();
        }
    }

    /** A record that does not fit the buffer it started in: a buffer of the session's packet size. */
    private void grow() throws SSLException {
        int size = engine.getSession().getPacketBufferSize();
        if (netIn.capacity() >= size) {
            throw new SSLException("a TLS record larger than " + size + " bytes");
        }
        byte[] old = netIn.array();
        netIn = ByteBuffer.wrap(InboundBuffers.take(size)).put(netIn.flip());
        InboundBuffers.giveBack(old);
        fullSize = true;
    }

    private int fillEmpty() throws IOException {
        release();
        int packet = engine.getSession().getPacketBufferSize();
        if (raw instanceof PolledChannel polled) {
            while (true) {
                polled.awaitReady(true, false);
                byte[] array = InboundBuffers.take(fullSize ? packet : InboundBuffers.SMALL);
                int n;
                try {
                    n = polled.readNow(array, 0, array.length);
                } catch (IOException e) {
                    InboundBuffers.giveBack(array);
                    throw e;
                }
                if (n != 0) {
                    return lent(array, n);
                }
                InboundBuffers.giveBack(array); // woken with nothing to read after all
            }
        }
        if (header == null) {
            header = new byte[HEADER];
        }
        int n = raw.read(header, 0, HEADER);
        int record = n == HEADER ? HEADER + ((header[3] & 0xff) << 8 | (header[4] & 0xff)) : 0;
        byte[] array = InboundBuffers.take(fullSize || record > InboundBuffers.SMALL ? packet : InboundBuffers.SMALL);
        if (n > 0) {
            System.arraycopy(header, 0, array, 0, n);
        }
        return lent(array, n);
    }

    /** Makes {@code array}, holding {@code n} bytes just read, the inbound buffer; -1 gives it back. */
    private int lent(byte[] array, int n) {
        if (n < 0) {
            InboundBuffers.giveBack(array);
            return n;
        }
        netIn = ByteBuffer.wrap(array, 0, n);
        InboundBuffers.LENT.increment();
        if (array.length > InboundBuffers.SMALL) {
            fullSize = n > InboundBuffers.SMALL; // small messages again: a small buffer will do
        }
        return n;
    }

    /** Gives the drained inbound buffer back before the connection waits. */
    private void release() {
        if (netIn != null) {
            byte[] array = netIn.array();
            netIn = null;
            InboundBuffers.LENT.decrement();
            raw.forgetArrays();
            InboundBuffers.giveBack(array);
        }
    }

    /**
     * Wraps what the engine has to send now, record after record while it asks to wrap again,
     * after what earlier calls wrapped and {@link #flushFlight()} has not written yet: the
     * handshake writes only when it must wait for the peer, so that each flight of records (a TLS
     * 1.3 server's ServerHello, change_cipher_spec and encrypted messages are three wraps; a
     * client's change_cipher_spec and Finished, two) goes out in one system call. Returns the last
     * wrap's result.
     */
    SSLEngineResult wrapFlight() throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        if (flight == null) {
            flight = borrow(2 * packet);
        }
        while (true) {
            if (flight.remaining() < packet) {
                flight = ByteBuffer.allocate(flight.capacity() + 2 * packet).put(flight.flip());
            }
            SSLEngineResult result = engine.wrap(EMPTY, flight);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                packet *= 2; // the session's packet size grew
            } else if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesProduced() == 0
                    || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                return result;
            }
        }
    }

    /** Writes what {@link #wrapFlight()} wrapped, if anything, and gives its buffer back. */
    void flushFlight() throws IOException {
        ByteBuffer out = flight;
        if (out == null) {
            return;
        }
        flight = null;
        try {
            if (out.position() > 0) {
                raw.write(out.array(), 0, out.position());
            }
        } finally {
            giveBack(out);
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
