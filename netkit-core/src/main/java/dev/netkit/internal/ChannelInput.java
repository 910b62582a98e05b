package dev.netkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The input side of a connection: a buffer that adapts to the traffic.
 *
 * <p>The buffer starts at {@link #MIN_SIZE} bytes, doubles (up to {@link #MAX_SIZE}) after a read
 * fills it, and halves after {@link #SHRINK_AFTER} reads in a row that would have fit in half of
 * it. An idle connection therefore holds a small buffer, and a streaming one a large one. Reads
 * of at least a buffer's worth go straight into the caller's array. A connection that hands its
 * thread back to wait for input ({@link #release()}) holds no buffer at all until bytes arrive.
 *
 * <p>Threading: one reading thread at a time (the connection's handler).
 */
final class ChannelInput extends InputStream implements LineInput {

    static final int MIN_SIZE = SmallBuffers.SIZE;
    static final int MAX_SIZE = 64 * 1024;
    /**
     * How far the relay over a channel that reads and writes without waiting ({@link #relayNow})
     * lets the buffer grow while reads keep filling it, or while input piles up behind a blocked
     * output: a busy stream then moves in fewer, larger writes. The blocking relay stays at
     * {@link #MAX_SIZE}: it writes once per read, and larger reads measured no faster.
     */
    static final int RELAY_MAX_SIZE = 1024 * 1024;
    /**
     * The buffer size from which the relay into the connection's own output hands the bytes to
     * the kernel ({@link StreamChannel#openSplice()}) where the channel can: reads have filled a
     * buffer this large, so a stream is running. Small messages stay on the buffer, where one
     * read and one write cost less than moving pipe pages.
     */
    static final int SPLICE_FROM = MAX_SIZE;
    static final int SHRINK_AFTER = 4;
    static final int RELAY_SHRINK_AFTER = 32;

    private final StreamChannel channel;
    private final ChannelConnection owner;
    /** Null while released; {@link #capacity} remembers the size the traffic asked for. */
    private byte[] buffer;
    private int capacity = MIN_SIZE;
    private int position;
    private int limit;
    private int smallReads;
    private boolean eof;

    ChannelInput(StreamChannel channel, ChannelConnection owner) {
        this.channel = channel;
        this.owner = owner;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int buffered = limit - position;
        if (buffered > 0) {
            int n = Math.min(buffered, len);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }
        if (eof) {
            return -1;
        }
        if (len >= capacity) {
            return readFromChannel(b, off, len);
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(limit - position, len);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    /**
     * Copies everything until end of stream to {@code out} through this stream's own buffer, so a
     * raw relay (RFC 862 echo, a proxy) needs no second buffer. When {@code out} is a connection's
     * output, the bytes go straight to its channel.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (relaysNow(out)) {
            return Math.max(relayNow((ChannelOutput) out, true), 0);
        }
        long total = 0;
        while (position < limit || fill()) {
            total += sendBuffered(out);
        }
        return total;
    }

    /**
     * Copies what has arrived to {@code out}, flushing each read, until a read comes back short (the
     * socket had no more at that moment). Returns the bytes copied, or -1 at end of stream. Blocks
     * only when nothing at all has arrived yet.
     */
    long transferAvailableTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (relaysNow(out)) {
            return relayNow((ChannelOutput) out, false);
        }
        // One read, blocking only when nothing is buffered: a read that happened to fill the
        // buffer must not turn into a wait for bytes the peer may never send.
        if (position == limit && !fill()) {
            return -1;
        }
        return sendBuffered(out);
    }

    /** Whether {@link #relayNow} serves {@code out}: this connection's own output, on a channel that can. */
    private boolean relaysNow(OutputStream out) {
        return out instanceof ChannelOutput direct && direct.writesTo(channel) && channel.canRelayNow();
    }

    /**
     * Sends the buffered bytes to {@code out} and flushes them: the relay owns the pace, so the
     * peer sees bytes as they arrive. Returns how many.
     */
    private int sendBuffered(OutputStream out) throws IOException {
        int n = limit - position;
        if (out instanceof ChannelOutput direct) {
            direct.writeAndFlush(buffer, position, n);
        } else {
            out.write(buffer, position, n);
            out.flush();
        }
        position = limit;
        return n;
    }

    /**
     * The relay for channels that read and write without waiting (epoll), into this same
     * connection's output (it writes to this input's channel): while the output is
     * blocked it reads on into the rest of the buffer, so that the next write carries everything
     * that arrived meanwhile, as an event loop's gathering write does, instead of one write per
     * read, most of them partial. The buffer grows up to {@link #RELAY_MAX_SIZE} while reads fill
     * it. Holds the output's lock from a write that leaves bytes pending until they are all out, so
     * other writers never land inside a relayed chunk. Once a stream has grown the buffer to
     * {@link #SPLICE_FROM} and the buffer is empty, the channel's {@link Splice} takes over where
     * it has one ({@link #relaySpliced}). Returns when something was relayed, nothing is pending
     * and input has run dry ({@code untilEnd} false), or at end of stream: the bytes relayed, or
     * -1 at end of stream with nothing relayed.
     */
    private long relayNow(ChannelOutput out, boolean untilEnd) throws IOException {
        if (buffer == null) {
            buffer = newBuffer(capacity);
        }
        ReentrantLock lock = out.lock();
        boolean locked = false;
        boolean splicing = true; // until the channel has no splice, or its pipe stopped
        long total = 0;
        int peak = 0;
        try {
            while (true) {
                if (position == limit && buffer.length >= SPLICE_FROM && !eof && splicing) {
                    // A stream: with nothing left in the buffer, the kernel can take over.
                    Splice splice = channel.openSplice();
                    if (splice == null) {
                        splicing = false;
                    } else {
                        if (buffer.length > SPLICE_FROM) {
                            grow(SPLICE_FROM); // the pipe holds the bytes now: no need for more
                        }
                        try (splice) {
                            total = relaySpliced(splice, out, untilEnd, total);
                            splicing = !splice.stopped(); // else input the pipe cannot take: read on
                        }
                        if (splicing && (eof || !untilEnd)) {
                            return eof && total == 0 ? -1 : total;
                        }
                        // Otherwise small bursts shrank the buffer: on through it, until a stream
                        // grows it again.
                    }
                }
                boolean moved = false;
                if (!eof) {
                    if (limit == buffer.length) {
                        makeRoom();
                    }
                    int room = buffer.length - limit;
                    if (room > 0) {
                        int n = channel.readNow(buffer, limit, room);
                        if (n > 0) {
                            owner.countRead(n);
                            limit += n;
                            peak = Math.max(peak, limit - position);
                            moved = true;
                            if (n == room && buffer.length < RELAY_MAX_SIZE) {
                                grow(buffer.length << 1); // the read filled it: more is coming
                            }
                        } else if (n < 0) {
                            eof = true;
                        }
                    }
                }
                if (position < limit) {
                    if (!locked) {
                        lock.lock();
                        locked = true;
                        out.flushLocked(); // whatever other writers buffered goes first
                    }
                    int n = channel.writeNow(buffer, position, limit - position);
                    if (n > 0) {
                        owner.countWritten(n);
                        position += n;
                        total += n;
                        moved = true;
                    }
                    if (position == limit) {
                        position = 0;
                        limit = 0;
                        locked = false;
                        lock.unlock();
                    }
                }
                if (moved) {
                    continue;
                }
                if (position < limit) {
                    boolean full = position == 0 && limit == buffer.length && buffer.length >= RELAY_MAX_SIZE;
                    channel.awaitReady(!eof && !full, true);
                } else if (eof) {
                    return total == 0 ? -1 : total;
                } else if (untilEnd || total == 0) {
                    channel.awaitReady(true, false); // nothing yet: wait, as a blocking read would
                } else {
                    adaptToBurst(peak);
                    return total;
                }
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * {@link #relayNow} through the kernel: the same loop, with the channel's pipe in place of the
     * buffer. Entered with the buffer empty and the output's lock not held; {@code total} is what
     * the relay moved before, and the total is what it returns, with the pipe empty, at end of
     * stream, when input has run dry ({@code untilEnd} false), when the pipe has stopped
     * ({@link Splice#stopped()}), or when small bursts have shrunk the buffer
     * ({@link #adaptToSplicedBurst}; {@code untilEnd} true). While bytes wait in the pipe, input
     * waits for the output: the pipe (64 KiB) is all a spliced relay holds beyond the sockets'
     * own buffers.
     */
    private long relaySpliced(Splice splice, ChannelOutput out, boolean untilEnd, long total) throws IOException {
        ReentrantLock lock = out.lock();
        boolean locked = false;
        int peak = 0;
        long burstStart = total;
        try {
            while (true) {
                boolean moved = false;
                if (!eof && !splice.stopped()) {
                    int n = splice.in();
                    if (n > 0) {
                        owner.countRead(n);
                        peak = Math.max(peak, splice.pending());
                        moved = true;
                    } else if (n < 0) {
                        eof = true;
                    }
                }
                if (splice.pending() > 0) {
                    if (!locked) {
                        lock.lock();
                        locked = true;
                        out.flushLocked();
                    }
                    int n = splice.out();
                    if (n > 0) {
                        owner.countWritten(n);
                        total += n;
                        moved = true;
                    }
                    if (splice.pending() == 0) {
                        locked = false;
                        lock.unlock();
                    }
                }
                if (moved) {
                    continue;
                }
                if (splice.pending() > 0) {
                    // The output is full, and so perhaps is the pipe: input waits for the output.
                    channel.awaitReady(false, true);
                } else if (eof || splice.stopped()) {
                    return total;
                } else if (!untilEnd && total > 0) {
                    adaptToSplicedBurst(peak);
                    return total;
                } else if (untilEnd && total > burstStart) {
                    // A burst is over and the relay goes on: after enough small ones, through the
                    // buffer instead.
                    adaptToSplicedBurst(peak);
                    if (buffer.length < SPLICE_FROM) {
                        return total;
                    }
                    burstStart = total;
                    peak = 0;
                } else {
                    channel.awaitReady(true, false); // nothing yet: wait, as a blocking read would
                }
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * After a spliced burst that had at most {@code peak} bytes in the pipe: after
     * {@link #RELAY_SHRINK_AFTER} bursts in a row of less than half of {@link #SPLICE_FROM}, the
     * buffer shrinks below it, and the next relay goes through the buffer again.
     */
    private void adaptToSplicedBurst(int peak) {
        // Exactly half counts as large: it would fill the halved buffer, which would grow again.
        if (peak >= SPLICE_FROM >> 1) {
            smallReads = 0;
        } else if (++smallReads >= RELAY_SHRINK_AFTER) {
            smallReads = 0;
            shrink(SPLICE_FROM >> 1);
        }
    }

    /** A full buffer: move the pending bytes to its start, or double it while allowed. */
    private void makeRoom() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        } else if (buffer.length < RELAY_MAX_SIZE) {
            grow(buffer.length << 1);
        }
    }

    /**
     * After a relayed burst of at most {@code peak} bytes in the buffer: shrink as fill() would, but
     * only after {@link #RELAY_SHRINK_AFTER} small bursts in a row. A busy stream's bursts vary
     * with the peer's pace, and growing back costs a fresh (zeroed) buffer and a copy each time.
     */
    private void adaptToBurst(int peak) {
        int size = buffer.length;
        if (size > MIN_SIZE && peak <= size >> 1) {
            if (++smallReads >= RELAY_SHRINK_AFTER) {
                smallReads = 0;
                shrink(size >> 1);
            }
        } else {
            smallReads = 0;
        }
    }

    /**
     * Drops a small buffer while it holds no unread byte; the next read allocates one again. A
     * larger one, grown by traffic that is likely to come back, is kept (allocating and zeroing
     * it for every burst would cost more than the burst); it shrinks after small bursts.
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
        if (buffer != null) {
            SmallBuffers.give(buffer);
            buffer = null;
        }
        return true;
    }

    /** Refills the empty buffer; false at end of stream. */
    boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (buffer == null) {
            buffer = newBuffer(capacity);
        }
        int n = readFromChannel(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        adapt(n);
        return true;
    }

    private int readFromChannel(byte[] b, int off, int len) throws IOException {
        int n = channel.read(b, off, len);
        if (n < 0) {
            eof = true;
            return -1;
        }
        owner.countRead(n);
        return n;
    }

    /** Called with the buffer empty after the read is consumed, so it may be replaced. */
    private void adapt(int n) {
        int size = buffer.length;
        if (n == size) {
            smallReads = 0;
            if (size < MAX_SIZE) {
                grow(size << 1);
            }
        } else if (size > MIN_SIZE && n <= size >> 1) {
            if (++smallReads >= SHRINK_AFTER) {
                smallReads = 0;
                shrink(size >> 1);
            }
        } else {
            smallReads = 0;
        }
    }

    // Growing and shrinking keep the unread bytes, which sit at the start of the buffer.
    private void grow(int size) {
        byte[] old = buffer;
        byte[] bigger = newBuffer(size);
        System.arraycopy(old, position, bigger, 0, limit - position);
        limit -= position;
        position = 0;
        buffer = bigger;
        capacity = size;
        SmallBuffers.give(old);
    }

    private static byte[] newBuffer(int size) {
        return size == SmallBuffers.SIZE ? SmallBuffers.take() : new byte[size];
    }

    private void shrink(int size) {
        if (limit - position > size) {
            return;
        }
        grow(size);
    }

    /** Closing the stream closes the connection, as for a socket's stream. */
    @Override
    public void close() {
        owner.close();
    }

    /** The current buffer size, for tests and diagnostics. */
    int bufferSize() {
        return capacity;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    @Override
    public int readThroughLf(byte[] b, int off, int max) throws IOException {
        Objects.checkFromIndexSize(off, max, b.length);
        if (max == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int end = lineEnd(buffer, position, position + Math.min(max, limit - position));
        int n = end - position;
        System.arraycopy(buffer, position, b, off, n);
        position = end;
        return n;
    }

    /** The index just past the first LF in {@code a[from, to)}, or {@code to}: eight bytes a step. */
    private static int lineEnd(byte[] a, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(a, i) ^ LFS;
            // The lowest zero byte of x is the first LF; a borrow can only mark bytes above it.
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3) + 1;
            }
        }
        for (; i < to; i++) {
            if (a[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }
}
