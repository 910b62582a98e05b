package dev.netkit.framing;

import dev.netkit.ProtocolException;

import java.time.Duration;
import java.util.Objects;

/**
 * A line that had begun did not end within the reader's line timeout
 * ({@link LineReader#lineTimeout(Duration)}): the peer sends too slowly to be a client worth its
 * connection, or holds it on purpose, a byte now and then. The reader closed its stream.
 */
public final class LineTimeoutException extends ProtocolException {

    private final Duration timeout;

    /**
     * An exception whose message names the timeout.
     *
     * @param timeout the time the line had
     */
    public LineTimeoutException(Duration timeout) {
        super("line not finished within " + describe(Objects.requireNonNull(timeout, "timeout")));
        this.timeout = timeout;
    }

    /**
     * The time the line had to end once it began.
     *
     * @return the reader's line timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /** {@code 30 s}, {@code 1500 ms}. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
