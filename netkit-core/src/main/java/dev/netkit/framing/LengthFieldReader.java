package dev.netkit.framing;

import dev.netkit.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames in a {@link LengthFieldFormat} from a stream. Made by
 * {@link LengthFieldFormat#reader(InputStream, int)}.
 *
 * <p>The payload's length is checked before anything is allocated for it: a length field that
 * is negative, a varint that is too long, passes {@code 2^63 - 1} or (where the format asks) is
 * not in its shortest form, and a length that leaves a negative payload once adjusted and less
 * the header bytes it counts are each a {@link ProtocolException}; a payload over the maximum is
 * a {@link FrameTooLongException}. Either leaves the stream unusable (where the next frame starts
 * is unknown or untrusted), so close the connection. Memory then follows the bytes that arrive,
 * not the length: a peer that announces a large frame and sends nothing costs at most 64 KiB.
 *
 * <p>The reader never reads past the end of a frame, so a protocol may read one frame and go on
 * with other readers (or raw bytes) on the same stream. It reads the header a byte at a time:
 * give it a buffered stream, as a connection's input is. Not thread-safe: one reading thread.
 */
public final class LengthFieldReader {

    private final LengthFieldFormat format;
    private final InputStream in;
    private final int maxFrameSize;
    /** The header of the frame being read: the prefix, then the length field as it came. */
    private final byte[] header;

    LengthFieldReader(LengthFieldFormat format, InputStream in, int maxFrameSize) {
        this.format = format;
        this.in = in;
        this.maxFrameSize = maxFrameSize;
        this.header = new byte[format.prefixBytes + format.maxFieldBytes()];
    }

    /**
     * The longest payload accepted, in bytes.
     *
     * @return the maximum given to {@link LengthFieldFormat#reader}
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * The next frame: its payload, after the prefix and the length field where the format keeps
     * them.
     *
     * @return the frame, or {@code null} when the stream ends cleanly between frames
     * @throws EOFException when the stream ends inside a frame
     * @throws ProtocolException when the length field is malformed or gives a negative payload
     * @throws FrameTooLongException when the payload is over the maximum
     * @throws IOException when the stream fails
     */
    public byte[] read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        int prefix = format.prefixBytes;
        int headerLength;
        long value;
        if (format.fieldBytes > 0) {
            headerLength = prefix + format.fieldBytes;
            readHeader(1, headerLength);
            value = fixedValue(prefix);
        } else {
            readHeader(1, prefix);
            headerLength = readVarint(prefix);
            value = varintValue(prefix, headerLength);
        }
        if (value < 0) {
            throw new ProtocolException("negative frame length " + value);
        }
        long payload = payloadLength(value, format.counted(headerLength - prefix));
        if (payload < 0) {
            throw new ProtocolException("length field " + value + " gives a negative payload length " + payload);
        }
        if (payload > maxFrameSize) {
            throw new FrameTooLongException("frame", payload, maxFrameSize, false);
        }
        int keptFrom = format.keepPrefix ? 0 : prefix;
        int keptTo = format.keepLengthField ? headerLength : prefix;
        int kept = keptTo - keptFrom;
        return FrameBuffers.readFrame(in, header, keptFrom, kept, kept + (int) payload);
    }

    /** {@code value + adjustment - counted}, held at {@link Long#MAX_VALUE} where it would overflow. */
    private long payloadLength(long value, int counted) {
        long uncounted = value - counted;
        int adjustment = format.adjustment;
        return adjustment > 0 && uncounted > Long.MAX_VALUE - adjustment ? Long.MAX_VALUE : uncounted + adjustment;
    }

    /** Reads header bytes {@code from} up to {@code to}. */
    private void readHeader(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            header[i] = (byte) readHeaderByte();
        }
    }

    private int readHeaderByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a frame header");
        }
        return b;
    }

    /** The fixed-width field at {@code at}: unsigned at 1 to 3 bytes, signed at 4 and 8. */
    private long fixedValue(int at) {
        int width = format.fieldBytes;
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = value << 8 | (header[format.bigEndian ? at + i : at + width - 1 - i] & 0xff);
        }
        return width == 4 ? (int) value : value;
    }

    /**
     * Reads the varint that starts at {@code at} in the header, whose first byte may be there
     * already, and checks its form.
     *
     * @return the header's length, the varint's last byte included
     */
    private int readVarint(int at) throws IOException {
        int end = at;
        while (true) {
            int b = end == 0 ? header[0] & 0xff : readHeaderByte();
            header[end++] = (byte) b;
            int size = end - at;
            if (b < 0x80) {
                if (size > 1 && b == 0 && format.minimalVarint) {
                    throw new ProtocolException("varint length not in its shortest form (" + size + " bytes)");
                }
                if (size == 10 && b > 0) {
                    // The tenth byte holds bit 63 and up: a length needs none of them.
                    throw new ProtocolException("varint length over 2^63 - 1");
                }
                return end;
            }
            if (size == format.maxVarintBytes) {
                throw new ProtocolException("varint length longer than " + size + " bytes");
            }
        }
    }

    /** The value of the varint from {@code from} to {@code to}, checked as it was read. */
    private long varintValue(int from, int to) {
        long value = 0;
        for (int i = to - 1; i >= from; i--) {
            value = value << 7 | (header[i] & 0x7f);
        }
        return value;
    }
}
