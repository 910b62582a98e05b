package dev.netkit.framing;

import dev.netkit.Connection;
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
 * <p>A server's handler can also take a connection's lines without holding a thread while it
 * waits for them ({@link #resumeOnLines}): the reader keeps a line that has begun between turns,
 * with the same maximum and line timeout.
 *
 * <p>Not thread-safe: one reading thread at a time.
 */
public final class LineReader implements Iterable<String> {

    private static final int FIRST_SIZE = 128;
    private static final int KEEP_SIZE = 1024;
    private static final int SHRINK_AFTER = 8;
    /** What {@link #readArrived()} returns when the bytes that have arrived hold no whole line: compared by identity. */
    static final String NOT_YET = new String("not yet");

    private final InputStream in;
    /** {@link #in} when it can hand out a line's bytes in one call, else null. */
    private final LineInput lines;
    private final int maxLength;
    private final boolean strict;
    private byte[] line = new byte[0];
    private boolean skipping;
    /** The line that has begun: its bytes so far in {@link #line}, and whether a CR came last (held back). */
    private int length;
    private boolean sawCr;
    /** Reading resumably: reads that would wait for the peer are not made ({@link #mayRead}). */
    private boolean resumable;
    /** In a resumable turn: one read from the channel is still allowed (the input that started the turn). */
    private boolean turnRead;
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
        return readTimed();
    }

    /**
     * Reads the lines of {@code connection} without holding a thread while it waits for them:
     * hands each to {@code handler}, and between them, while the peer is quiet, leaves the
     * connection waiting without a thread, a stack or a read buffer
     * ({@link Connection#resumeOnInput}). A line that has begun is kept until it ends, within the
     * same maximum and {@linkplain #lineTimeout(Duration) line timeout} as {@link #readLine()};
     * a line timeout that runs out while the connection waits closes it. The handler's methods run
     * one at a time, each on the thread of a turn; {@link LineHandler#ended} runs once at the end,
     * whatever ends the connection.
     *
     * <p>Call it last in a server's handler, on a reader made on the connection's
     * {@linkplain Connection#input() input}; the handler must then return without touching the
     * connection (replies go from {@code handler}). It returns at once: reading starts when the
     * peer sends (at once when bytes are buffered already). Where waiting without a thread is not
     * possible (the NIO transport, TLS), a thread waits instead, as for
     * {@link Connection#resumeOnInput}.
     *
     * @param connection the connection whose input this reader reads
     * @param handler    what to do with each line
     * @throws IllegalArgumentException when this reader does not read {@code connection}'s input
     * @throws IllegalStateException    on a connection that no server runs
     */
    public void resumeOnLines(Connection connection, LineHandler handler) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(handler, "handler");
        if (in != connection.input()) {
            throw new IllegalArgumentException("this reader does not read the input of " + connection);
        }
        connection.resumeOnInput(new LineTurns(this, handler));
    }

    /** Starts a resumable turn: the input that started it may be read once. */
    void startTurn() {
        turnRead = true;
    }

    /**
     * As {@link #readLine()}, but without waiting for the peer: {@link #NOT_YET} when the bytes
     * that have arrived hold no whole line (those they hold are kept for the next turn).
     */
    String readArrived() throws IOException {
        resumable = true;
        try {
            return readTimed();
        } finally {
            resumable = false;
        }
    }

    private String readTimed() throws IOException {
        if (lineTimeoutNanos == 0) {
            return read();
        }
        try {
            String s = read();
            if (expired) {
                // The alarm went off as the line ended: the stream is closing all the same.
                throw new LineTimeoutException(lineTimeout);
            }
            if (s != NOT_YET) {
                disarm(); // else the line goes on waiting, and so does its time
            }
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

    /** Whether the line timeout closed the stream: what a connection that closed while it waited for the rest of a line was ended by. */
    boolean timedOut() {
        return expired;
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

    /**
     * Whether the next read may be made: always when reading blocks, or bytes are buffered; in a
     * resumable turn, once more from the channel (the turn began because input arrived).
     */
    private boolean mayRead() throws IOException {
        if (!resumable || in.available() > 0) {
            return true;
        }
        boolean once = turnRead;
        turnRead = false;
        return once;
    }

    private String read() throws IOException {
        if (skipping) {
            Skip skip = skipRest();
            if (skip == Skip.WAIT) {
                return NOT_YET;
            }
            if (skip == Skip.ENDED) {
                return null;
            }
            disarm(); // the long line is over: the next one has its own time
        }
        while (true) {
            if (lineTimeoutNanos != 0 && (length > 0 || sawCr)) {
                awaitingRest();
            }
            if (!mayRead()) {
                return NOT_YET;
            }
            if (lines != null && !sawCr && length < line.length) {
                // Many bytes in one step, into the room the line has: the array never passes the
                // maximum, so the byte that would go over it comes through the checks below. A CR
                // is held back until the next byte tells whether it ends the line.
                int start = length;
                int n = lines.readThroughLf(line, start, line.length - start);
                if (n < 0) {
                    return endOfStream();
                }
                length += n;
                if (line[length - 1] == '\n') {
                    length--;
                    if (length > start && line[length - 1] == '\r') {
                        length--;
                    }
                    return finish();
                }
                if (line[length - 1] == '\r') {
                    length--;
                    sawCr = true;
                }
                continue;
            }
            int b = in.read();
            if (b < 0) {
                return endOfStream();
            }
            if (b == '\n') {
                return finish();
            }
            boolean cr = sawCr;
            sawCr = false;
            if (cr) {
                // a CR that is not followed by LF is part of the line
                append('\r');
            }
            if (b == '\r') {
                sawCr = true;
            } else {
                append(b);
            }
        }
    }

    private String endOfStream() throws IOException {
        if (length == 0 && !sawCr) {
            return null;
        }
        if (strict) {
            int had = length;
            length = 0;
            sawCr = false;
            throw new EOFException("stream ended inside a line (" + had + " bytes without a line break)");
        }
        if (sawCr) {
            sawCr = false;
            append('\r');
        }
        return finish();
    }

    private void append(int b) throws FrameTooLongException {
        if (length == maxLength) {
            skipping = true;
            line = new byte[0];
            length = 0;
            sawCr = false;
            shortLines = 0;
            throw new FrameTooLongException("line", maxLength + 1L, maxLength, true);
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(FIRST_SIZE, length * 2), maxLength));
        }
        line[length++] = (byte) b;
    }

    /** The line that has ended: its bytes as a string; the next line starts empty. */
    private String finish() {
        int length = this.length;
        this.length = 0;
        sawCr = false;
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

    /** What {@link #skipRest} came to. */
    private enum Skip { DONE, ENDED, WAIT }

    /**
     * Discards up to and including the next LF: {@code DONE}; {@code ENDED} when the stream ended
     * first; {@code WAIT} when a resumable turn has no more input to read.
     */
    private Skip skipRest() throws IOException {
        if (lines != null) {
            // A chunk at a time through the line's own array, which the overlong line left empty.
            if (line.length == 0) {
                line = new byte[Math.min(maxLength, KEEP_SIZE)];
            }
            while (true) {
                if (lineTimeoutNanos != 0) {
                    awaitingRest();
                }
                if (!mayRead()) {
                    return Skip.WAIT;
                }
                int n = lines.readThroughLf(line, 0, line.length);
                if (n < 0) {
                    return Skip.ENDED;
                }
                if (n > 0 && line[n - 1] == '\n') {
                    skipping = false;
                    return Skip.DONE;
                }
            }
        }
        while (true) {
            if (lineTimeoutNanos != 0) {
                awaitingRest();
            }
            if (!mayRead()) {
                return Skip.WAIT;
            }
            int b = in.read();
            if (b < 0) {
                return Skip.ENDED;
            }
            if (b == '\n') {
                skipping = false;
                return Skip.DONE;
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
