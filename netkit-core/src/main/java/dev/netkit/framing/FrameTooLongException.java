package dev.netkit.framing;

import dev.netkit.ProtocolException;

/**
 * A line or frame longer than the reader's maximum. Nothing past the maximum was buffered (for a
 * delimited frame, nothing past the maximum and one delimiter).
 */
public final class FrameTooLongException extends ProtocolException {

    /** The length seen. */
    private final long length;
    /** The maximum allowed. */
    private final long maximum;

    /**
     * An exception whose message names both numbers.
     *
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

    /**
     * The length seen: where the real length may be larger (a line, a delimited frame), one past
     * the maximum.
     *
     * @return the length, in bytes
     */
    public long length() {
        return length;
    }

    /**
     * The maximum that the length passed.
     *
     * @return the maximum, in bytes
     */
    public long maximum() {
        return maximum;
    }
}
