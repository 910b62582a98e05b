package dev.netkit.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Spare byte arrays of one size, shared by all connections: a connection that waits for input
 * gives its buffer back and takes one again when bytes arrive, so that a crowd of connections that
 * each wake, read a little and wait again neither holds a buffer each while waiting nor makes one
 * of garbage per wake-up.
 *
 * <p>An array is given back only by the thread that owned it and will not touch it again, so
 * nothing ever sees another connection's array while it is in use. Its stale contents are never
 * read: callers only look at the bytes they have put there since taking it.
 *
 * <p>Threading: any thread. Lock-free; a few slots are tried from one that depends on the
 * calling thread, and when they are all empty (or full) the caller allocates (or drops) instead.
 */
public final class SpareArrays {

    private static final int PROBES = 4;

    private final int size;
    private final AtomicReferenceArray<byte[]> spare;

    /** Up to {@code slots} spare arrays (a power of two) of {@code size} bytes. */
    public SpareArrays(int size, int slots) {
        if (Integer.bitCount(slots) != 1 || slots < PROBES) {
            throw new IllegalArgumentException("slots must be a power of two of at least " + PROBES + ", got " + slots);
        }
        this.size = size;
        this.spare = new AtomicReferenceArray<>(slots);
    }

    /** The size of every array kept here. */
    public int size() {
        return size;
    }

    /** An array of {@link #size()} bytes, spare or new, with arbitrary contents. */
    public byte[] take() {
        int start = start();
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & (spare.length() - 1);
            byte[] b = spare.getPlain(slot);
            if (b != null && spare.compareAndSet(slot, b, null)) {
                return b;
            }
        }
        return new byte[size];
    }

    /**
     * Keeps {@code array} for a later {@link #take()} when it is of this size and a slot is free;
     * the caller must not touch it again either way.
     */
    public void give(byte[] array) {
        if (array.length != size) {
            return;
        }
        int start = start();
        for (int i = 0; i < PROBES; i++) {
            int slot = (start + i) & (spare.length() - 1);
            if (spare.getPlain(slot) == null && spare.compareAndSet(slot, null, array)) {
                return;
            }
        }
    }

    private static int start() {
        long id = Thread.currentThread().threadId();
        return (int) (id ^ (id >>> 7)) * PROBES;
    }
}
