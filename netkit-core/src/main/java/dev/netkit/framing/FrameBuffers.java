package dev.netkit.framing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The arrays the readers of this package read frames into. Memory follows the bytes that arrive,
 * not a length a peer claims: a peer that announces a large frame and sends nothing costs at most
 * {@link #TRUSTED_LENGTH} bytes, and an array grows by doubling, never past the frame's bound.
 */
final class FrameBuffers {

    /** How much of a frame's length is allocated before any of its bytes have arrived. */
    static final int TRUSTED_LENGTH = 64 * 1024;

    /** The first size of an array for a frame whose length is not known in advance. */
    private static final int FIRST_SIZE = 128;

    private FrameBuffers() {
    }

    /**
     * Reads a frame of {@code frameLength} bytes whose first {@code headLength} bytes have already
     * been read: they are copied from {@code head}, and the rest comes from {@code in}. Reads
     * nothing past the frame.
     *
     * @param frameLength the whole frame's length, {@code headLength} included; the caller has
     *     checked it against its maximum
     * @throws EOFException when the stream ends before the frame does
     */
    static byte[] readFrame(InputStream in, byte[] head, int headOffset, int headLength, int frameLength)
            throws IOException {
        byte[] frame = new byte[Math.min(frameLength, Math.max(headLength, TRUSTED_LENGTH))];
        System.arraycopy(head, headOffset, frame, 0, headLength);
        int done = headLength;
        while (done < frameLength) {
            if (done == frame.length) {
                frame = grow(frame, frameLength);
            }
            int n = in.read(frame, done, frame.length - done);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame: " + done + " of " + frameLength + " bytes");
            }
            done += n;
        }
        return frame;
    }

    /** A copy of {@code array} twice as long (at least {@link #FIRST_SIZE}), but at most {@code limit}. */
    static byte[] grow(byte[] array, int limit) {
        return Arrays.copyOf(array, (int) Math.min(limit, Math.max(FIRST_SIZE, 2L * array.length)));
    }
}
