package dev.netkit.framing;

import dev.netkit.internal.LineInput;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * <p>An optional {@linkplain #lineTimeout(Duration) line timeout} bounds how long a line may take
 * to arrive once it has begun, which an idle timeout cannot: a peer that sends a byte every few
 * seconds and never a line break is never idle, and a few hundred such peers fill a server's
 * connection limit (slowloris).
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
    /** The line timeout; zero for none. */
    private Duration lineTimeout = Duration.ZERO;
    private long lineTimeoutNanos;
    /** Armed while a line that has begun waits for more bytes; cancelled when it ends. */
    private ScheduledFuture<?> alarm;
    /** Set by the alarm, before it closes the stream. */
    private volatile boolean expired;
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
     * Gives each line at most {@code timeout} to arrive once it has begun: from the moment the
     * reader first waits for the rest of a line whose first bytes it has (the rest of a line over
     * the maximum, which it skips, counts too). When the time is up the reader closes its stream,
     * which for a {@linkplain dev.netkit.Connection#input() connection's input} closes the
     * connection and wakes the blocked read, and {@link #readLine()} throws
     * {@link LineTimeoutException}. The wait for a line's first byte is not bounded here (that is
     * the server's idle timeout), nor is a line that arrives in one piece slowed down: the timer is
     * armed only for a line that has to be waited for. Set it before reading.
     *
     * @param timeout the time a line may take; zero for no limit (the default)
     * @return this reader
     */
    public LineReader lineTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("lineTimeout must not be negative, got " + timeout);
        }
        this.lineTimeout = timeout;
        this.lineTimeoutNanos = timeout.toNanos();
        return this;
    }

    /**
     * The line timeout.
     *
     * @return the time a line may take once begun; zero when there is no limit
     */
    public Duration lineTimeout() {
        return lineTimeout;
    }

    /**
     * The next line without its line break, or {@code null} at end of stream.
     *
     * @return the line, or {@code null} at the end of the stream
     * @throws FrameTooLongException when the line passes the maximum (the next call skips its rest)
     * @throws EOFException in strict mode, when the stream ends inside a line
     * @throws LineTimeoutException when a line did not end within the {@linkplain #lineTimeout(Duration)
     *     line timeout}; the stream is closed
     */
    public String readLine() throws IOException {
        if (lineTimeoutNanos == 0) {
            return read();
        }
        try {
            String s = read();
            if (expired) {
                // The alarm went off as the line ended: the stream is closing all the same.
                throw new LineTimeoutException(lineTimeout);
            }
            disarm();
            return s;
        } catch (FrameTooLongException e) {
            throw e; // the line goes on (the next call skips its rest), and so does its time
        } catch (IOException e) {
            disarm();
            if (expired && !(e instanceof LineTimeoutException)) {
                LineTimeoutException timedOut = new LineTimeoutException(lineTimeout);
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        }
    }

    /** Called before a read that may block while a line has begun: arms the alarm if it is not. */
    private void awaitingRest() throws IOException {
        if (alarm == null && in.available() == 0) {
            alarm = Alarms.TIMER.schedule(this::expire, lineTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        if (alarm != null) {
            alarm.cancel(false);
            alarm = null;
        }
    }

    /** On the timer's thread: closes the stream on a thread of its own, which may block briefly. */
    private void expire() {
        expired = true;
        Thread.ofVirtual().name("netkit-line-timeout").start(() -> {
            try {
                in.close();
            } catch (IOException ignored) {
                // closed as well as it can be: the blocked read fails or ends either way
            }
        });
    }

    /** The one timer for every reader's line timeout, made on first use. */
    private static final class Alarms {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    Thread.ofVirtual().name("netkit-line-timer").factory());
            // A line that ends in time takes its alarm out of the queue.
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    private String read() throws IOException {
        if (skipping) {
            if (!skipRest()) {
                return null;
            }
            disarm(); // the long line is over: the next one has its own time
        }
        int length = 0;
        boolean sawCr = false;
        while (true) {
            if (lineTimeoutNanos != 0 && (length > 0 || sawCr)) {
                awaitingRest();
            }
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
            while (true) {
                if (lineTimeoutNanos != 0) {
                    awaitingRest();
                }
                int n = lines.readThroughLf(line, 0, line.length);
                if (n < 0) {
                    return false;
                }
                if (n > 0 && line[n - 1] == '\n') {
                    skipping = false;
                    return true;
                }
            }
        }
        while (true) {
            if (lineTimeoutNanos != 0) {
                awaitingRest();
            }
            int b = in.read();
            if (b < 0) {
                return false;
            }
            if (b == '\n') {
                skipping = false;
                return true;
            }
        }
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
