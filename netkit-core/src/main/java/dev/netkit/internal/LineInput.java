package dev.netkit.internal;

import java.io.IOException;

/**
 * An input that hands out a line's bytes in one call, so that a line reader need not take them
 * one at a time. A connection's input is one; {@link dev.netkit.framing.LineReader} uses it when
 * it is given one.
 *
 * <p>Threading: one reading thread, as for the stream it belongs to.
 */
public interface LineInput {

    /**
     * Copies the bytes already buffered, up to and including the next LF and at most {@code max}
     * of them, into {@code b}; reads from the channel first (blocking) only when nothing is
     * buffered. Never takes a byte past the LF.
     *
     * @return the number of bytes copied, the last one an LF when the line ended within them; 0
     *     when {@code max} is 0; -1 at end of stream
     */
    int readThroughLf(byte[] b, int off, int max) throws IOException;
}
