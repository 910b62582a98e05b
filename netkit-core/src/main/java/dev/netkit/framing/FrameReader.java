package dev.netkit.framing;

import dev.netkit.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

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
 * Memory follows the bytes that arrive: a peer that announces a large frame and sends nothing
 * costs at most 64 KiB. Not thread-safe: one reading thread.
 *
 * <p>This is the default {@link LengthFieldFormat}: {@code new FrameReader(in, max)} reads as
 * {@code LengthFieldFormat.builder().build().reader(in, max)} does, and {@link FrameWriter}
 * writes what it reads.
 */
public final class FrameReader {

    private static final LengthFieldFormat FORMAT = LengthFieldFormat.builder().build();

    private final LengthFieldReader frames;

    /**
     * A reader of frames from {@code in}.
     *
     * @param in the stream; given a connection's input, or any buffered stream, the header bytes
     *     cost no system call each
     * @param maxFrameSize the longest payload accepted, in bytes
     * @throws IllegalArgumentException when {@code maxFrameSize} is negative
     */
    public FrameReader(InputStream in, int maxFrameSize) {
        this.frames = FORMAT.reader(in, maxFrameSize);
    }

    /**
     * The longest payload accepted, in bytes.
     *
     * @return the maximum given to the constructor
     */
    public int maxFrameSize() {
        return frames.maxFrameSize();
    }

    /**
     * The next frame's payload, or {@code null} when the stream ends cleanly between frames.
     *
     * @return the payload, or {@code null} at the end of the stream
     * @throws EOFException when the stream ends inside a frame
     * @throws ProtocolException when the length is negative
     * @throws FrameTooLongException when the length is over the maximum
     * @throws IOException when the stream fails
     */
    public byte[] read() throws IOException {
        return frames.read();
    }
}
