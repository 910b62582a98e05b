package dev.netkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output side of a connection: a buffer allocated on the first small write, flushed by
 * {@link #flush()}, and bypassed by writes at least as large as itself.
 *
 * <p>Threading: any thread. Each call holds a {@link ReentrantLock} (not {@code synchronized}, which
 * pins a virtual thread on JDK 21-23) for its whole length, so concurrent writers never interleave
 * within one call.
 */
final class ChannelOutput extends OutputStream implements FrameOutput {

    static final int SIZE = 8 * 1024;
    private static final int FIRST_SIZE = SmallBuffers.SIZE;
    private static final int SLICE = 64 * 1024;

    private final StreamChannel channel;
    private final ChannelConnection owner;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] buffer;
    private int count;

    ChannelOutput(StreamChannel channel, ChannelConnection owner) {
        this.channel = channel;
        this.owner = owner;
    }

    ReentrantLock lock() {
        return lock;
    }

    /** The channel this output writes to, for a {@link Relay} that writes to it directly. */
    StreamChannel channel() {
        return channel;
    }

    /** Counts bytes that a {@link Relay} wrote to {@link #channel()} directly. */
    void countWritten(int n) {
        owner.countWritten(n);
    }

    @Override
    public void write(int b) throws IOException {
        lock.lock();
        try {
            ensureRoom(1);
            buffer[count++] = (byte) b;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            writeLocked(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** Writes and flushes as one step. */
    void writeAndFlush(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (count == 0) {
                writeToChannel(b, off, len);
            } else {
                writeLocked(b, off, len);
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked(byte[] b, int off, int len) throws IOException {
        if (len >= SIZE) {
            flushLocked();
            writeToChannel(b, off, len);
            return;
        }
        ensureRoom(len);
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    private void ensureRoom(int len) throws IOException {
        if (buffer == null) {
            buffer = len <= FIRST_SIZE ? SmallBuffers.take() : new byte[len];
        }
        if (buffer.length - count >= len) {
            return;
        }
        if (buffer.length < SIZE) {
            int size = buffer.length;
            while (size - count < len && size < SIZE) {
                size <<= 1;
            }
            byte[] old = buffer;
            buffer = java.util.Arrays.copyOf(old, Math.min(size, SIZE));
            SmallBuffers.give(old);
            if (buffer.length - count >= len) {
                return;
            }
        }
        flushLocked();
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    void flushLocked() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            writeToChannel(buffer, 0, n);
        }
    }

    private void writeToChannel(byte[] b, int off, int len) throws IOException {
        // Slices, each counted as it goes out: a long send to a slow reader shows progress to the
        // idle check instead of looking silent until its last byte.
        while (len > SLICE) {
            channel.write(b, off, SLICE);
            owner.countWritten(SLICE);
            off += SLICE;
            len -= SLICE;
        }
        channel.write(b, off, len);
        owner.countWritten(len);
    }

    /** Drops the buffer if it holds nothing unsent, for a connection about to wait without a thread. */
    void release() {
        if (lock.tryLock()) {
            try {
                if (count == 0 && buffer != null) {
                    SmallBuffers.give(buffer);
                    buffer = null;
                    if (channel instanceof PolledChannel polled) {
                        polled.releaseWriteArray();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Closing the stream closes the connection, as for a socket's stream. */
    @Override
    public void close() {
        owner.close();
    }

    /**
     * A frame that fits goes into the buffer whole, behind what is there, and out in one write. A
     * larger one fills the buffer to {@link #SIZE} (what was buffered, the header, the payload's
     * start) and the rest goes straight from the caller's array: no copy of the whole payload, and
     * no write of the header alone (a system call and a TCP segment of its own).
     */
    @Override
    public void writeFrame(long header, int headerLength, byte[] payload, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        Objects.checkIndex(headerLength, Long.BYTES + 1);
        lock.lock();
        try {
            if (length <= SIZE - headerLength) {
                ensureRoom(headerLength + length);
                putHeader(header, headerLength);
                System.arraycopy(payload, offset, buffer, count, length);
                count += length;
                flushLocked();
                return;
            }
            if (buffer == null) {
                buffer = new byte[SIZE];
            }
            ensureRoom(headerLength);
            if (buffer.length < SIZE) {
                buffer = java.util.Arrays.copyOf(buffer, SIZE);
            }
            putHeader(header, headerLength);
            int first = SIZE - count;
            System.arraycopy(payload, offset, buffer, count, first);
            count = SIZE;
            flushLocked();
            writeToChannel(payload, offset + first, length - first);
        } finally {
            lock.unlock();
        }
    }

    private void putHeader(long header, int headerLength) {
        for (int i = headerLength - 1; i >= 0; i--) {
            buffer[count++] = (byte) (header >>> (8 * i));
        }
    }
}
