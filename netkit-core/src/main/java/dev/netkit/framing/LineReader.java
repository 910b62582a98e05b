package dev.netkit.framing;

import dev.netkit.internal.LineInput;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads UTF-8 lines of bounded length from a stream, in one of two contracts.
 *
 * <ul>
 *   <li><b>Strict</b>, for machine protocols: every line ends with LF or CRLF; a stream that ends
 *       inside a line is truncated input ({@link EOFException}).</li>
 *   <li><b>Lenient</b>, for humans typing into {@code nc}: LF or CRLF, and a last line without a
 *       line break is still a line.</li>
 * </ul>
 *
 * <p>Both stop at {@code maxLength} bytes (line break excluded) and throw
 * {@link FrameTooLongException} without buffering more; the next {@link #readLine()} then skips
 * the rest of the long line and carries on with the following one (Netty's recovery). The reader
 * never reads past a line break, so a protocol may switch between lines and raw bytes on the same
 * stream. From a connection's input it takes a line's bytes from the buffer in one step; from
 * any other stream one at a time, so give it a buffered one.
 *
 * <p>Not thread-safe: one reading thread.
 */
public final class LineReader implements Iterable<String> {

    private static final int FIRST_SIZE = 128;
    private static final int KEEP_SIZE = 1024;
    private static final int SHRINK_AFTER = 8;

    private final InputStream in;
    /** {@link #in} when it can hand out a line's bytes in one call, else null. */
    private final LineInput lines;
    private final int maxLength;
    private final boolean strict;
    private byte[] line = new byte[0];
    private boolean skipping;
    /** Lines of at most KEEP_SIZE bytes in a row, read into a larger buffer. */
    private int shortLines;

    private LineReader(InputStream in, int maxLength, boolean strict) {
        this.in = Objects.requireNonNull(in, "in");
        this.lines = in instanceof LineInput l ? l : null;
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.strict = strict;
    }

    /**
     * A reader for machine protocols: a missing final line break is an error.
     *
     * @param in the stream
     * @param maxLength the longest line accepted, in bytes, its line break not counted
     * @return a reader for one thread
     */
    public static LineReader strict(InputStream in, int maxLength) {
        return new LineReader(in, maxLength, true);
    }

    /**
     * A reader for human input: a final line without a line break still counts.
     *
     * @param in the stream
     * @param maxLength the longest line accepted, in bytes, its line break not counted
     * @return a reader for one thread
     */
    public static LineReader lenient(InputStream in, int maxLength) {
        return new LineReader(in, maxLength, false);
    }

    /**
     * The longest line accepted.
     *
     * @return the maximum given when the reader was made, in bytes
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The next line without its line break, or {@code null} at end of stream.
     *
     * @return the line, or {@code null} at the end of the stream
     * @throws FrameTooLongException when the line passes the maximum (the next call skips its rest)
     * @throws EOFException in strict mode, when the stream ends inside a line
     */
    public String readLine() throws IOException {
        if (skipping && !skipRest()) {
            return null;
        }
        int length = 0;
        boolean sawCr = false;
        while (true) {
            if (lines != null && !sawCr && length < line.length) {
                // Many bytes in one step, into the room the line has: the array never passes the
                // maximum, so the byte that would go over it comes through the checks below. A CR
                // is held back until the next byte tells whether it ends the line.
                int start = length;
                int n = lines.readThroughLf(line, start, line.length - start);
                if (n < 0) {
                    return endOfStream(length, false);
                }
                length += n;
                if (line[length - 1] == '\n') {
                    length--;
                    if (length > start && line[length - 1] == '\r') {
                        length--;
                    }
                    return finish(length);
                }
                if (line[length - 1] == '\r') {
                    length--;
                    sawCr = true;
                }
                continue;
            }
            int b = in.read();
            if (b < 0) {
                return endOfStream(length, sawCr);
            }
            if (b == '\n') {
                return finish(length);
            }
            if (sawCr) {
                // a CR that is not followed by LF is part of the line
                length = append(length, '\r');
            }
            sawCr = b == '\r';
            if (!sawCr) {
                length = append(length, b);
            }
        }
    }

    private String endOfStream(int length, boolean sawCr) throws IOException {
        if (length == 0 && !sawCr) {
            return null;
        }
        if (strict) {
            throw new EOFException("stream ended inside a line (" + length + " bytes without a line break)");
        }
        if (sawCr) {
            length = append(length, '\r');
        }
        return finish(length);
    }

    private int append(int length, int b) throws FrameTooLongException {
        if (length == maxLength) {
            skipping = true;
            line = new byte[0];
            shortLines = 0;
            throw new FrameTooLongException("line", maxLength + 1L, maxLength, true);
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(FIRST_SIZE, length * 2), maxLength));
        }
        line[length] = (byte) b;
        return length + 1;
    }

    private String finish(int length) {
        String s = new String(line, 0, length, StandardCharsets.UTF_8);
        // A buffer grown past KEEP_SIZE stays while long lines keep coming (growing it again for
        // each would allocate twice the line), and goes after SHRINK_AFTER short lines in a row.
        if (line.length > KEEP_SIZE) {
            if (length > KEEP_SIZE) {
                shortLines = 0;
            } else if (++shortLines >= SHRINK_AFTER) {
                shortLines = 0;
                line = new byte[0];
            }
        }
        return s;
    }

    /** Discards up to and including the next LF; false when the stream ended first. */
    private boolean skipRest() throws IOException {
        if (lines != null) {
            // A chunk at a time through the line's own array, which the overlong line left empty.
            if (line.length == 0) {
                line = new byte[Math.min(maxLength, KEEP_SIZE)];
            }
            int n;
            while ((n = lines.readThroughLf(line, 0, line.length)) >= 0) {
                if (n > 0 && line[n - 1] == '\n') {
                    skipping = false;
                    return true;
                }
            }
            return false;
        }
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                skipping = false;
                return true;
            }
        }
        return false;
    }

    /**
     * The remaining lines, for a for-each loop. I/O errors, including a line over the maximum,
     * are thrown as {@link UncheckedIOException}.
     */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String s = next;
                next = null;
                return s;
            }
        };
    }
}
