package dev.netkit.internal;

import java.io.IOException;

/**
 * An output that writes a frame's header and payload as one step, without the caller joining
 * them in a new array. A connection's output is one; {@link dev.netkit.framing.LengthFieldWriter}
 * (and so {@link dev.netkit.framing.FrameWriter}) uses it when it is given one.
 *
 * <p>Threading: any thread; writers on other threads never come between a frame's header and
 * its payload, nor inside the payload.
 */
public interface FrameOutput {

    /**
     * Writes the low {@code headerLength} bytes of {@code header}, most significant first, then
     * {@code length} bytes of {@code payload}, and flushes.
     *
     * @param header the header's bytes, in the low {@code headerLength} bytes
     * @param headerLength 0 to 8
     * @param payload the array that holds the payload
     * @param offset where the payload starts
     * @param length the payload's length
     * @throws IOException when the write fails
     */
    void writeFrame(long header, int headerLength, byte[] payload, int offset, int length) throws IOException;
}
