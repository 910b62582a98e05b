package dev.netkit.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Spare {@link #SIZE}-byte buffers, shared by all connections. A connection that waits for input
 * without a thread gives its small input and output buffers back, and takes one again when bytes
 * arrive: with many connections that wake, read a little and wait again, allocating each time
 * would be a buffer of garbage per wake-up (and, for a crowd of new connections, resident memory
 * that the garbage collector's young generation grows into).
 *
 * <p>A buffer is given back only by the thread that owned it and will not touch it again, so
 * nothing ever sees another connection's buffer while it is in use. Its stale contents are never
 * read: input and output only look at the bytes they have put there since taking it.
 *
 * <p>Threading: any thread. Lock-free; a few slots are tried from one that depends on the
 * calling thread, and when they are all empty (or full) the caller allocates (or drops) instead.
 */
final class SmallBuffers {

    static final int SIZE = 512;
    private static final int SLOTS = 64;
    private static final int PROBES = 4;
    private static final AtomicReferenceArray<byte[]> SPARE = new AtomicReferenceArray<>(SLOTS);

    private SmallBuffers() {
    }

    /** A buffer of {@link #SIZE} bytes, spare or new, with arbitrary contents. */
    static byte[] take() {
        int start = start();
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & (SLOTS - 1);
            byte[] b = SPARE.getPlain(slot);
            if (b != null && SPARE.compareAndSet(slot, b, null)) {
                return b;
            }
        }
        return new byte[SIZE];
    }

    /** Keeps {@code buffer} for a later {@link #take()}; the caller must not touch it again. */
    static void give(byte[] buffer) {
        if (buffer.length != SIZE) {
            return;
        }
        int start = start();
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (SPARE.getPlain(slot) == null && SPARE.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }

    private static int start() {
        long id = Thread.currentThread().threadId();
        return (int) (id ^ (id >>> 7)) * PROBES;
    }
}
