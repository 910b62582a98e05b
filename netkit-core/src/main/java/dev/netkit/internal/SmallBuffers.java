package dev.netkit.internal;

/**
 * Spare {@link #SIZE}-byte buffers ({@link SpareArrays}), shared by all connections. A connection
 * that waits for input without a thread gives its small input and output buffers back, and takes
 * one again when bytes arrive: with many connections that wake, read a little and wait again,
 * allocating each time would be a buffer of garbage per wake-up (and, for a crowd of new
 * connections, resident memory that the garbage collector's young generation grows into).
 *
 * <p>Threading: any thread.
 */
final class SmallBuffers {

    static final int SIZE = 512;
    private static final SpareArrays SPARE = new SpareArrays(SIZE, 64);

    private SmallBuffers() {
    }

    /** A buffer of {@link #SIZE} bytes, spare or new, with arbitrary contents. */
    static byte[] take() {
        return SPARE.take();
    }

    /** Keeps {@code buffer} for a later {@link #take()}; the caller must not touch it again. */
    static void give(byte[] buffer) {
        SPARE.give(buffer);
    }
}
