package dev.netkit.framing;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes length-prefixed frames in the format {@link FrameReader} reads. Each frame is flushed,
 * so it leaves as one write where it fits the output buffer. Thread-safe when the stream is
 * (a connection's output is): the header and payload of one frame are written under one call.
 * To a connection's output that call takes the payload as it is; to any other stream the frame
 * is first copied into one new array.
 *
 * <p>This is the default {@link LengthFieldFormat}: {@code new FrameWriter(out, max)} writes as
 * {@code LengthFieldFormat.builder().build().writer(out, max)} does.
 */
public final class FrameWriter {

    private static final LengthFieldFormat FORMAT = LengthFieldFormat.builder().build();

    private final LengthFieldWriter frames;

    /**
     * A writer of frames to {@code out}.
     *
     * @param out the stream
     * @param maxFrameSize the longest payload accepted, in bytes
     * @throws IllegalArgumentException when {@code maxFrameSize} is negative
     */
    public FrameWriter(OutputStream out, int maxFrameSize) {
        this.frames = FORMAT.writer(out, maxFrameSize);
    }

    /**
     * Writes one frame and flushes.
     *
     * @param payload the frame's payload
     * @throws FrameTooLongException when the payload is over the maximum; nothing is written
     * @throws IOException when the stream fails
     */
    public void write(byte[] payload) throws IOException {
        frames.write(payload);
    }

    /**
     * Writes one frame, {@code length} bytes of {@code payload} from {@code offset}, and flushes.
     *
     * @param payload the array that holds the payload
     * @param offset where the payload starts
     * @param length the payload's length
     * @throws FrameTooLongException when the payload is over the maximum; nothing is written
     * @throws IndexOutOfBoundsException when the range is not within {@code payload}
     * @throws IOException when the stream fails
     */
    public void write(byte[] payload, int offset, int length) throws IOException {
        frames.write(payload, offset, length);
    }
}
