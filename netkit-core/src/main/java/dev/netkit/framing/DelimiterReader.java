package dev.netkit.framing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Reads frames that each end with a delimiter: a NUL byte (STOMP), CRLF CRLF (a block of header
 * lines), or any other byte sequence. Several delimiters may be given.
 *
 * <p><b>Which delimiter ends a frame.</b> The reader looks at each byte as it arrives: the frame
 * ends with the first delimiter to be complete and, of delimiters complete at the same byte
 * (LF and CRLF), with the longest. It never reads on to learn whether a longer delimiter that
 * started earlier will complete too, so where one delimiter holds another inside it ({@code ABC}
 * and {@code B}), the inner one ends the frame. Frames are therefore the same however the bytes
 * are split into reads, and the reader never waits for bytes that a peer may not send.
 *
 * <p><b>The maximum.</b> A frame is at most {@code maxFrameLength} bytes, its delimiter not
 * counted. The bound is checked as the bytes arrive: once so many have come that no delimiter can
 * end the frame within the maximum, reading stops and {@link FrameTooLongException} is thrown,
 * having buffered at most the maximum and one delimiter. The next {@link #read()} then skips the
 * rest of that frame, through its delimiter, and goes on with the next frame. A frame that a short
 * delimiter ends past the maximum, where a longer one is also given, is a
 * {@link FrameTooLongException} too, with nothing left to skip.
 *
 * <p><b>The end of the stream.</b> Between frames it is the end ({@code null}). Inside a frame it
 * is truncated input: an {@link EOFException}, and the partial frame is not returned.
 *
 * <p>The reader never reads past a delimiter, so a protocol may switch to other readers (or raw
 * bytes) on the same stream. It reads a byte at a time: give it a buffered stream, as a
 * connection's input is. Not thread-safe: one reading thread.
 */
public final class DelimiterReader {

    private static final byte[] EMPTY = new byte[0];
    /** A buffer grown past this is dropped after its frame, so that an idle reader holds little. */
    private static final int KEEP_SIZE = 1024;

    private final InputStream in;
    private final int maxFrameLength;
    private final boolean stripDelimiter;
    /** Longest first: of the delimiters that end at the same byte, the first found is the longest. */
    private final byte[][] delimiters;
    /** The most bytes a frame within the maximum takes with its delimiter: with more, none can end it. */
    private final int limit;
    private byte[] buffer = EMPTY;
    /** Bytes in {@link #buffer}: the frame so far, or while skipping, the last bytes read. */
    private int size;
    /** Whether the frame being read went past the maximum and its rest is discarded. */
    private boolean skipping;

    private DelimiterReader(InputStream in, int maxFrameLength, boolean stripDelimiter, byte[][] delimiters) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must not be negative, got " + maxFrameLength);
        }
        if (delimiters.length == 0) {
            throw new IllegalArgumentException("at least one delimiter is needed");
        }
        this.delimiters = new byte[delimiters.length][];
        for (int i = 0; i < delimiters.length; i++) {
            if (delimiters[i].length == 0) {
                throw new IllegalArgumentException("a delimiter must not be empty");
            }
            this.delimiters[i] = delimiters[i].clone();
        }
        Arrays.sort(this.delimiters, Comparator.comparingInt((byte[] d) -> d.length).reversed());
        long limit = (long) maxFrameLength + this.delimiters[0].length;
        if (limit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength
                    + " and the longest delimiter exceed the largest array");
        }
        this.limit = (int) limit;
        this.maxFrameLength = maxFrameLength;
        this.stripDelimiter = stripDelimiter;
    }

    /**
     * A reader that returns each frame without its delimiter.
     *
     * @param in the stream
     * @param maxFrameLength the longest frame accepted, in bytes, its delimiter not counted
     * @param delimiters the byte sequences that end a frame, each at least one byte long
     * @return a reader for one thread
     * @throws IllegalArgumentException when {@code maxFrameLength} is negative, or there is no
     *     delimiter or an empty one
     */
    public static DelimiterReader stripping(InputStream in, int maxFrameLength, byte[]... delimiters) {
        return new DelimiterReader(in, maxFrameLength, true, delimiters);
    }

    /**
     * A reader that returns each frame with the delimiter that ended it, for protocols where
     * which one did matters.
     *
     * @param in the stream
     * @param maxFrameLength the longest frame accepted, in bytes, its delimiter not counted
     * @param delimiters the byte sequences that end a frame, each at least one byte long
     * @return a reader for one thread
     * @throws IllegalArgumentException when {@code maxFrameLength} is negative, or there is no
     *     delimiter or an empty one
     */
    public static DelimiterReader keeping(InputStream in, int maxFrameLength, byte[]... delimiters) {
        return new DelimiterReader(in, maxFrameLength, false, delimiters);
    }

    /**
     * The longest frame accepted, its delimiter not counted.
     *
     * @return the maximum given when the reader was made, in bytes
     */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /**
     * The next frame, with or without its delimiter as the reader was made.
     *
     * @return the frame, or {@code null} when the stream ends between frames
     * @throws FrameTooLongException when the frame is over the maximum (the next call skips the
     *     rest of it, if any)
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException when the stream fails
     */
    public byte[] read() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return endOfStream();
            }
            if (size == buffer.length) {
                makeRoom();
            }
            buffer[size++] = (byte) b;
            int delimiter = delimiterEndingHere();
            if (delimiter > 0) {
                if (!skipping) {
                    return endFrame(delimiter);
                }
                skipping = false;
                clear();
            } else if (size == limit && !skipping) {
                skipping = true;
                throw new FrameTooLongException("frame", maxFrameLength + 1L, maxFrameLength, true);
            }
        }
    }

    /** The length of the delimiter that ends at the last byte read, the longest if several do; 0 if none does. */
    private int delimiterEndingHere() {
        byte last = buffer[size - 1];
        for (byte[] d : delimiters) {
            int n = d.length;
            if (n <= size && d[n - 1] == last && Arrays.equals(buffer, size - n, size, d, 0, n)) {
                return n;
            }
        }
        return 0;
    }

    private byte[] endFrame(int delimiterLength) throws FrameTooLongException {
        int frameLength = size - delimiterLength;
        try {
            if (frameLength > maxFrameLength) {
                throw new FrameTooLongException("frame", frameLength, maxFrameLength, false);
            }
            return Arrays.copyOf(buffer, stripDelimiter ? frameLength : size);
        } finally {
            clear();
        }
    }

    private void makeRoom() {
        if (skipping) {
            // Only the last bytes read may begin a delimiter: keep them, drop the rest.
            int keep = delimiters[0].length - 1;
            System.arraycopy(buffer, size - keep, buffer, 0, keep);
            size = keep;
        } else {
            buffer = FrameBuffers.grow(buffer, limit);
        }
    }

    private byte[] endOfStream() throws EOFException {
        int partial = skipping ? 0 : size;
        skipping = false;
        clear();
        if (partial > 0) {
            throw new EOFException("stream ended inside a frame (" + partial + " bytes without a delimiter)");
        }
        return null;
    }

    private void clear() {
        size = 0;
        if (buffer.length > KEEP_SIZE) {
            buffer = EMPTY;
        }
    }
}
