package dev.netkit.framing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads frames that are all the same length: fixed-size records, cells, samples. The stream
 * carries nothing but the frames, one after the other.
 *
 * <p>Memory follows the bytes that arrive: a frame is allocated as it comes, at most 64 KiB
 * ahead of its bytes, so a large frame length costs nothing until a peer sends that much. The
 * reader never reads past the end of a frame, so a protocol may switch to other readers on the
 * same stream. Not thread-safe: one reading thread.
 */
public final class FixedLengthReader {

    private final InputStream in;
    private final int frameLength;
    /** The first byte of the frame being read, read alone to tell a clean end from a frame. */
    private final byte[] first = new byte[1];

    /**
     * A reader of frames of {@code frameLength} bytes from {@code in}.
     *
     * @param in the stream
     * @param frameLength the length of every frame, at least 1
     * @throws IllegalArgumentException when {@code frameLength} is less than 1
     */
    public FixedLengthReader(InputStream in, int frameLength) {
        this.in = Objects.requireNonNull(in, "in");
        if (frameLength < 1) {
            throw new IllegalArgumentException("frameLength must be at least 1, got " + frameLength);
        }
        this.frameLength = frameLength;
    }

    /**
     * The length of every frame.
     *
     * @return the length given to the constructor, in bytes
     */
    public int frameLength() {
        return frameLength;
    }

    /**
     * The next frame.
     *
     * @return an array of {@link #frameLength()} bytes, or {@code null} when the stream ends
     *     cleanly between frames
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException when the stream fails
     */
    public byte[] read() throws IOException {
        int b = in.read();
        if (b < 0) {
            return null;
        }
        first[0] = (byte) b;
        return FrameBuffers.readFrame(in, first, 0, 1, frameLength);
    }
}
