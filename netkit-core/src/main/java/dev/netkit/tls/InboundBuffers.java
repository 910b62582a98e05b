package dev.netkit.tls;

import dev.netkit.internal.SpareArrays;

import java.util.concurrent.atomic.LongAdder;

/**
 * The inbound ciphertext buffers of TLS connections, lent by {@link RecordChannel} when bytes
 * arrive and given back when a connection has unwrapped them all and waits again, so that a
 * waiting connection holds none. Two sizes: {@link #SMALL} for the handshake and small records,
 * and {@link #FULL}, room for a whole record of any session this JDK negotiates; spares of each
 * are kept ({@link SpareArrays}), and a larger packet size gets arrays of its own.
 *
 * <p>Threading: any thread.
 */
final class InboundBuffers {

    static final int SMALL = 4096;
    /** At least the JDK's packet buffer size (16,709 bytes on JDK 25). */
    static final int FULL = 17 * 1024;
    /** Buffers lent and not given back: what connections hold. */
    static final LongAdder LENT = new LongAdder();

    private static final SpareArrays SMALL_SPARES = new SpareArrays(SMALL, 256);
    private static final SpareArrays FULL_SPARES = new SpareArrays(FULL, 64);

    private InboundBuffers() {
    }

    /** An array of at least {@code size} bytes, with arbitrary contents. */
    static byte[] take(int size) {
        if (size <= SMALL) {
            return SMALL_SPARES.take();
        }
        return size <= FULL ? FULL_SPARES.take() : new byte[size];
    }

    /** Keeps {@code array} for a later {@link #take}, if it is of a size kept; the caller must not touch it again. */
    static void giveBack(byte[] array) {
        (array.length == SMALL ? SMALL_SPARES : FULL_SPARES).give(array);
    }

    /** How many buffers connections hold at this moment. */
    static long lent() {
        return LENT.sum();
    }
}
