package dev.netkit.internal;

import java.io.IOException;

/**
 * An output that writes a frame's header and payload as one step, without the caller joining
 * them in a new array. A connection's output is one; {@link dev.netkit.framing.FrameWriter} uses
 * it when it is given one.
 *
 * <p>Threading: any thread; writers on other threads never come between a frame's header and
 * its payload, nor inside the payload.
 */
public interface FrameOutput {

    /**
     * Writes {@code header} as 4 bytes, big-endian, then {@code length} bytes of {@code payload},
     * and flushes.
     */
    void writeFrame(int header, byte[] payload, int offset, int length) throws IOException;
}
