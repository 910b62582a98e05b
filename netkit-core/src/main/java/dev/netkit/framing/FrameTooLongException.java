package dev.netkit.framing;

import dev.netkit.ProtocolException;

/** A line or frame longer than the reader's maximum. Nothing past the maximum was buffered. */
public final class FrameTooLongException extends ProtocolException {

    private final long length;
    private final long maximum;

    /**
     * @param what "line" or "frame"
     * @param length the length seen (for a line: how far it got before reading stopped)
     * @param maximum the maximum allowed
     * @param atLeast whether the real length may be larger than {@code length}
     */
    public FrameTooLongException(String what, long length, long maximum, boolean atLeast) {
        super(what + " length " + (atLeast ? "over " + (length - 1) : String.valueOf(length))
                + " exceeds the maximum of " + maximum + " bytes");
        this.length = length;
        this.maximum = maximum;
    }

    /** The length seen: for a line, a lower bound. */
    public long length() {
        return length;
    }

    public long maximum() {
        return maximum;
    }
}
