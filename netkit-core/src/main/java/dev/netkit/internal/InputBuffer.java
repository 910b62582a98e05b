package dev.netkit.internal;

/**
 * The bytes a connection has read and not yet consumed, in a buffer sized by the traffic: unread
 * bytes are {@code bytes[position, limit)}, and {@link #ended} says whether more can come.
 *
 * <p>The buffer starts at {@link #MIN_SIZE} bytes and grows while reads fill it; after a run of
 * reads (or relayed bursts) that would have fit in half of it, it halves. An idle connection
 * therefore holds a small buffer, and a streaming one a large one. A connection that hands its
 * thread back to wait for input ({@link #release()}) holds no buffer at all until bytes arrive.
 * Growing and shrinking keep the unread bytes, moved to the start of the new buffer.
 *
 * <p>Shared by {@link ChannelInput} and {@link Relay}, which read and write the fields directly;
 * one reading thread at a time.
 */
final class InputBuffer {

    static final int MIN_SIZE = SmallBuffers.SIZE;
    static final int MAX_SIZE = 64 * 1024;
    static final int SHRINK_AFTER = 4;

    /** Null while released; {@link #capacity} remembers the size the traffic asked for. */
    byte[] bytes;
    int position;
    int limit;
    /** The channel has reached end of stream: what is unread is all there will be. */
    boolean ended;
    private int capacity = MIN_SIZE;
    private int smallRuns;

    /** The buffer, allocated at the remembered size if released. */
    byte[] bytes() {
        if (bytes == null) {
            bytes = newBuffer(capacity);
        }
        return bytes;
    }

    int unread() {
        return limit - position;
    }

    /** The size the traffic asked for, held or not. */
    int capacity() {
        return capacity;
    }

    /**
     * After a read of {@code n} bytes into the emptied buffer (nothing else unread): a read that
     * filled it grows it up to {@link #MAX_SIZE}; {@link #SHRINK_AFTER} in a row that would have
     * fit in half of it halve it.
     */
    void afterRead(int n) {
        int size = bytes.length;
        if (n == size) {
            smallRuns = 0;
            if (size < MAX_SIZE) {
                resize(size << 1);
            }
        } else {
            afterRun(size > MIN_SIZE && n <= size >> 1, SHRINK_AFTER, size >> 1);
        }
    }

    /**
     * Counts a run of traffic: after {@code after} small ones in a row, the buffer shrinks to
     * {@code shrinkTo} (if its unread bytes fit); a large one starts the count again.
     */
    void afterRun(boolean small, int after, int shrinkTo) {
        if (!small) {
            smallRuns = 0;
        } else if (++smallRuns >= after) {
            smallRuns = 0;
            if (unread() <= shrinkTo) {
                resize(shrinkTo);
            }
        }
    }

    /** A full buffer: moves the unread bytes to its start, else doubles it while under {@code max}. */
    void makeRoom(int max) {
        if (position > 0) {
            System.arraycopy(bytes, position, bytes, 0, limit - position);
            limit -= position;
            position = 0;
        } else if (bytes.length < max) {
            resize(bytes.length << 1);
        }
    }

    /** A buffer of {@code size} bytes holding the unread ones, at its start. */
    void resize(int size) {
        byte[] old = bytes;
        byte[] replacement = newBuffer(size);
        System.arraycopy(old, position, replacement, 0, limit - position);
        limit -= position;
        position = 0;
        bytes = replacement;
        capacity = size;
        SmallBuffers.give(old);
    }

    /**
     * Drops a small buffer while it holds no unread byte; the next read allocates one again. A
     * larger one, grown by traffic that is likely to come back, is kept (allocating and zeroing
     * it for every burst would cost more than the burst); it shrinks after small runs. False when
     * bytes are unread.
     */
    boolean release() {
        if (position != limit) {
            return false;
        }
        position = 0;
        limit = 0;
        if (capacity > MIN_SIZE) {
            return true;
        }
        if (bytes != null) {
            SmallBuffers.give(bytes);
            bytes = null;
        }
        return true;
    }

    private static byte[] newBuffer(int size) {
        return size == SmallBuffers.SIZE ? SmallBuffers.take() : new byte[size];
    }
}
