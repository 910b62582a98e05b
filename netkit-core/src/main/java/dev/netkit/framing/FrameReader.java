package dev.netkit.framing;

import dev.netkit.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads length-prefixed frames: a 4-byte big-endian signed length, then that many bytes.
 *
 * <pre>
 *  0               1               2               3
 * +---------------+---------------+---------------+---------------+---------------------+
 * |              length N (int32, big-endian, 0 &lt;= N &lt;= max)      |  N bytes of payload |
 * +---------------+---------------+---------------+---------------+---------------------+
 * </pre>
 *
 * <p>The length is checked before anything is allocated: a negative length is a
 * {@link ProtocolException}, one over the maximum a {@link FrameTooLongException}. Either leaves
 * the stream unusable (the payload's end is unknown or untrusted), so close the connection.
 * Not thread-safe: one reading thread.
 */
public final class FrameReader {

    private static final int FIRST_CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxFrameSize;

    public FrameReader(InputStream in, int maxFrameSize) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must not be negative, got " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * The next frame's payload, or {@code null} when the stream ends cleanly between frames.
     *
     * @throws EOFException when the stream ends inside a frame
     * @throws ProtocolException when the length is negative
     * @throws FrameTooLongException when the length is over the maximum
     */
    public byte[] read() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int length = (b0 << 24) | (readByte("header") << 16) | (readByte("header") << 8) | readByte("header");
        if (length < 0) {
            throw new ProtocolException("negative frame length " + length);
        }
        if (length > maxFrameSize) {
            throw new FrameTooLongException("frame", length, maxFrameSize, false);
        }
        // Memory follows the bytes that arrive, not the length claimed: a peer that announces a
        // large frame and sends nothing costs at most FIRST_CHUNK.
        byte[] payload = new byte[Math.min(length, FIRST_CHUNK)];
        int done = 0;
        while (done < length) {
            if (done == payload.length) {
                payload = java.util.Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
            }
            int n = in.read(payload, done, payload.length - done);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame: " + done + " of " + length + " bytes");
            }
            done += n;
        }
        return payload;
    }

    private int readByte(String where) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a frame " + where);
        }
        return b;
    }
}
