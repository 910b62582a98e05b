package dev.netkit.framing;

import dev.netkit.internal.FrameOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes length-prefixed frames in the format {@link FrameReader} reads. Each frame is flushed,
 * so it leaves as one write where it fits the output buffer. Thread-safe when the stream is
 * (a connection's output is): the header and payload of one frame are written under one call.
 * To a connection's output that call takes the payload as it is; to any other stream the frame
 * is first copied into one new array.
 */
public final class FrameWriter {

    private final OutputStream out;
    private final int maxFrameSize;

    public FrameWriter(OutputStream out, int maxFrameSize) {
        this.out = Objects.requireNonNull(out, "out");
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must not be negative, got " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** Writes one frame and flushes. */
    public void write(byte[] payload) throws IOException {
        write(payload, 0, payload.length);
    }

    /**
     * Writes one frame and flushes.
     *
     * @throws FrameTooLongException when the payload is over the maximum; nothing is written
     */
    public void write(byte[] payload, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length > maxFrameSize) {
            throw new FrameTooLongException("frame", length, maxFrameSize, false);
        }
        if (out instanceof FrameOutput direct) {
            direct.writeFrame(length, payload, offset, length);
            return;
        }
        byte[] frame = new byte[4 + length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        System.arraycopy(payload, offset, frame, 4, length);
        out.write(frame);
        out.flush();
    }
}
