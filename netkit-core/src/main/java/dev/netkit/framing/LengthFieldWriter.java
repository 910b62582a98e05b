package dev.netkit.framing;

import dev.netkit.internal.FrameOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes frames in a {@link LengthFieldFormat}, computing the length field. Made by
 * {@link LengthFieldFormat#writer(OutputStream, int)}.
 *
 * <p>A frame given to {@link #write(byte[], int, int)} is the format's prefix, then the payload:
 * what a reader of the format returns when it keeps the prefix and not the length field. The
 * writer puts the length field between them, in the shortest form for a varint.
 *
 * <p>Each frame is written in one call and flushed, so it leaves as one write where it fits the
 * output buffer. Thread-safe when the stream is (a connection's output is): frames from several
 * threads never interleave. To a connection's output a header of up to 8 bytes goes with the
 * payload as it is; to any other stream, or with a longer header, the frame is first copied into
 * one new array.
 */
public final class LengthFieldWriter {

    private final LengthFieldFormat format;
    private final OutputStream out;
    private final int maxFrameSize;

    LengthFieldWriter(LengthFieldFormat format, OutputStream out, int maxFrameSize) {
        this.format = format;
        this.out = out;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Writes one frame and flushes.
     *
     * @param frame the prefix, then the payload
     * @throws FrameTooLongException when the payload is over the maximum; nothing is written
     * @throws IllegalArgumentException when the frame is shorter than the prefix, or the
     *     adjustment leaves its length field negative; nothing is written
     * @throws IOException when the stream fails
     */
    public void write(byte[] frame) throws IOException {
        write(frame, 0, frame.length);
    }

    /**
     * Writes one frame, {@code length} bytes of {@code frame} from {@code offset}, and flushes.
     *
     * @param frame the array that holds the frame: the prefix, then the payload
     * @param offset where the frame starts in {@code frame}
     * @param length the frame's length, prefix included
     * @throws FrameTooLongException when the payload is over the maximum; nothing is written
     * @throws IllegalArgumentException when the frame is shorter than the prefix, or the
     *     adjustment leaves its length field negative; nothing is written
     * @throws IndexOutOfBoundsException when the range is not within {@code frame}
     * @throws IOException when the stream fails
     */
    public void write(byte[] frame, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, frame.length);
        int prefix = format.prefixBytes;
        if (length < prefix) {
            throw new IllegalArgumentException("a frame of " + length + " bytes is shorter than its " + prefix + "-byte prefix");
        }
        int payload = length - prefix;
        if (payload > maxFrameSize) {
            throw new FrameTooLongException("frame", payload, maxFrameSize, false);
        }
        // Below 2^33 (the maximum, the header and the adjustment are ints): a varint of at most 5 bytes.
        long value = (long) payload + format.counted(format.fieldBytes) - format.adjustment;
        if (value < 0) {
            throw new IllegalArgumentException("a payload of " + payload + " bytes and the adjustment of "
                    + format.adjustment + " give a negative length field");
        }
        int fieldLength = format.fieldBytes > 0 ? format.fieldBytes : varintLength(value);
        long field = encode(value, fieldLength);
        int headerLength = prefix + fieldLength;
        if (headerLength <= Long.BYTES && out instanceof FrameOutput direct) {
            long header = field;
            for (int i = 0; i < prefix; i++) {
                header |= (frame[offset + i] & 0xffL) << 8 * (headerLength - 1 - i);
            }
            direct.writeFrame(header, headerLength, frame, offset + prefix, payload);
            return;
        }
        byte[] wire = new byte[headerLength + payload];
        System.arraycopy(frame, offset, wire, 0, prefix);
        for (int i = 0; i < fieldLength; i++) {
            wire[prefix + i] = (byte) (field >>> 8 * (fieldLength - 1 - i));
        }
        System.arraycopy(frame, offset + prefix, wire, headerLength, payload);
        out.write(wire);
        out.flush();
    }

    /**
     * The length field for {@code value} as it goes on the wire, in the low {@code fieldLength}
     * bytes of a long: the first byte to send is the most significant of them.
     */
    private long encode(long value, int fieldLength) {
        if (format.fieldBytes == 0) {
            long bits = 0;
            for (int i = 0; i < fieldLength; i++) {
                long group = (value >>> (7 * i)) & 0x7f;
                bits = bits << 8 | group | (i < fieldLength - 1 ? 0x80 : 0);
            }
            return bits;
        }
        return format.bigEndian ? value : Long.reverseBytes(value) >>> (8 * (Long.BYTES - fieldLength));
    }

    /** The bytes of the shortest varint for {@code value}, which is not negative. */
    private static int varintLength(long value) {
        return Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
    }
}
