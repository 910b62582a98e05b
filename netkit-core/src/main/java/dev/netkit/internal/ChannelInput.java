package dev.netkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The input side of a connection: a buffered stream over the channel, whose buffer adapts to the
 * traffic ({@link InputBuffer}). Reads of at least a buffer's worth go straight into the caller's
 * array. Relaying into a connection's output (its own or another's) between {@link PolledChannel}s
 * goes to a {@link Relay}, which shares the buffer.
 *
 * <p>Threading: one reading thread at a time (the connection's handler).
 */
final class ChannelInput extends InputStream implements LineInput {

    private final StreamChannel channel;
    private final ChannelConnection owner;
    private final InputBuffer in = new InputBuffer();
    /** Made on the first relay that can use one. */
    private Relay relay;
    /** What {@link #awaitInput()} met, for the next read to throw. */
    private IOException failure;

    ChannelInput(StreamChannel channel, ChannelConnection owner) {
        this.channel = channel;
        this.owner = owner;
    }

    @Override
    public int read() throws IOException {
        InputBuffer b = in;
        if (b.position == b.limit && !fill()) {
            return -1;
        }
        return b.bytes[b.position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        InputBuffer buf = in;
        int buffered = buf.unread();
        if (buffered > 0) {
            return take(b, off, Math.min(buffered, len));
        }
        if (buf.ended) {
            return -1;
        }
        if (len >= buf.capacity()) {
            return readFromChannel(b, off, len);
        }
        if (!fill()) {
            return -1;
        }
        return take(b, off, Math.min(buf.unread(), len));
    }

    private int take(byte[] b, int off, int n) {
        System.arraycopy(in.bytes, in.position, b, off, n);
        in.position += n;
        return n;
    }

    @Override
    public int available() {
        return in.unread();
    }

    /**
     * Copies everything until end of stream to {@code out} through this stream's own buffer, so a
     * raw relay (RFC 862 echo, a proxy) needs no second buffer. When {@code out} is a connection's
     * output, the bytes go straight to its channel; between two polled channels, through a
     * {@link Relay}, which splices where the transport can.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        Relay r = relayInto(out);
        if (r != null) {
            return Math.max(r.run((ChannelOutput) out, true), 0);
        }
        long total = 0;
        while (in.position < in.limit || fill()) {
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
        Relay r = relayInto(out);
        if (r != null) {
            return r.run((ChannelOutput) out, false);
        }
        // One read, blocking only when nothing is buffered: a read that happened to fill the
        // buffer must not turn into a wait for bytes the peer may never send.
        if (in.position == in.limit && !fill()) {
            return -1;
        }
        return sendBuffered(out);
    }

    /**
     * The relay into {@code out} when it is a connection's output (this one's, or another's) and
     * both channels are polled, else null.
     */
    private Relay relayInto(OutputStream out) {
        if (out instanceof ChannelOutput direct && channel instanceof PolledChannel polled
                && direct.channel() instanceof PolledChannel target) {
            if (relay == null || !relay.writesTo(target)) {
                relay = new Relay(polled, target, in, owner);
            }
            return relay;
        }
        return null;
    }

    /**
     * Sends the buffered bytes to {@code out} and flushes them: the relay owns the pace, so the
     * peer sees bytes as they arrive. Returns how many.
     */
    private int sendBuffered(OutputStream out) throws IOException {
        int n = in.unread();
        if (out instanceof ChannelOutput direct) {
            direct.writeAndFlush(in.bytes, in.position, n);
        } else {
            out.write(in.bytes, in.position, n);
            out.flush();
        }
        in.position = in.limit;
        return n;
    }

    /**
     * Waits until input arrives or ends, reading it into the buffer, unless some is unread
     * already. A failure is kept, and thrown by the next read instead of reading.
     */
    void awaitInput() {
        if (in.position < in.limit || in.ended || failure != null) {
            return;
        }
        try {
            fill();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Gives up the buffer while nothing is unread ({@link InputBuffer#release()}). */
    boolean release() {
        return in.release();
    }

    /** Refills the empty buffer; false at end of stream. */
    boolean fill() throws IOException {
        if (in.ended) {
            return false;
        }
        byte[] buffer = in.bytes();
        int n = readFromChannel(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        in.position = 0;
        in.limit = n;
        in.afterRead(n);
        return true;
    }

    private int readFromChannel(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            IOException f = failure;
            failure = null;
            throw f;
        }
        int n = channel.read(b, off, len);
        if (n < 0) {
            in.ended = true;
            return -1;
        }
        owner.countRead(n);
        return n;
    }

    /** Closing the stream closes the connection, as for a socket's stream. */
    @Override
    public void close() {
        owner.close();
    }

    /** The current buffer size, for tests and diagnostics. */
    int bufferSize() {
        return in.capacity();
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
        InputBuffer buf = in;
        if (buf.position == buf.limit && !fill()) {
            return -1;
        }
        int end = lineEnd(buf.bytes, buf.position, buf.position + Math.min(max, buf.unread()));
        return take(b, off, end - buf.position);
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
