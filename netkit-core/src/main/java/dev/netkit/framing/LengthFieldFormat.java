package dev.netkit.framing;

import dev.netkit.ProtocolException;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * How a protocol frames its messages with a length field: where the field is, how it is encoded,
 * what it counts, and what a reader returns. Immutable; build one with {@link #builder()}, then
 * make a {@link LengthFieldReader} with {@link #reader} and a {@link LengthFieldWriter} with
 * {@link #writer}.
 *
 * <pre>
 * +------------------+----------------------------+----------------------------------+
 * | prefix           | length field               | payload                          |
 * | prefixBytes      | 1, 2, 3, 4 or 8 bytes,     | the length, adjusted, less the   |
 * | (0 or more)      | or a varint of 1 to 10     | header bytes it counts           |
 * +------------------+----------------------------+----------------------------------+
 * |&lt;------------------ header -------------------&gt;|
 * </pre>
 *
 * <p>The <em>payload</em> is everything after the length field. Its length is the field's value,
 * plus the {@linkplain Builder#adjustment adjustment}, less the header bytes the value
 * {@linkplain Counts counts}. A reader returns the payload, after the prefix and the length field
 * where they are {@linkplain Builder#keepPrefix kept}.
 *
 * <p>Fixed-width fields are unsigned at 1, 2 and 3 bytes and signed at 4 and 8, as Java's
 * {@code int} and {@code long}: a 4- or 8-byte value with its top bit set is a negative length.
 * A varint is protobuf's: groups of 7 bits, least significant first, the top bit of each byte
 * set on all but the last. The defaults are {@link FrameReader}'s format: no prefix, a 4-byte
 * big-endian length of the payload.
 *
 * <p>Formats for three common protocols:
 * {@link #MQTT}, {@link #POSTGRESQL} and {@link #PROTOBUF_DELIMITED}.
 */
public final class LengthFieldFormat {

    /** What the length field's value counts, besides the payload. */
    public enum Counts {
        /** The payload alone: the bytes after the length field (protobuf, MQTT, {@link FrameReader}). */
        PAYLOAD,
        /** The length field itself and the payload, but not the prefix (PostgreSQL). */
        FIELD_AND_PAYLOAD,
        /** The whole frame: prefix, length field and payload. */
        HEADER_AND_PAYLOAD
    }

    /**
     * MQTT's fixed header: byte 1 (packet type and flags), then the Remaining Length, a varint of
     * at most 4 bytes in its shortest form, which counts the variable header and the payload. A
     * frame is byte 1 followed by the variable header and payload; the Remaining Length is
     * stripped, and a writer takes the same and computes it. A writer's maximum can be at most
     * 268,435,455, MQTT's.
     */
    public static final LengthFieldFormat MQTT =
            builder().prefixBytes(1).keepPrefix().varint(4).requireMinimalVarint().build();

    /**
     * PostgreSQL's messages after the startup message: a type byte, then a 4-byte big-endian
     * length that counts itself and the body but not the type. A frame is the type byte followed
     * by the body; the length is stripped, and a writer takes the same and computes it. (The
     * startup message has no type byte: read it with {@code builder().counts(FIELD_AND_PAYLOAD)},
     * then go on with this format on the same stream.)
     */
    public static final LengthFieldFormat POSTGRESQL =
            builder().prefixBytes(1).keepPrefix().fieldBytes(4).counts(Counts.FIELD_AND_PAYLOAD).build();

    /**
     * protobuf's length-delimited streams (Java's {@code writeDelimitedTo} and
     * {@code parseDelimitedFrom}): a varint of at most 10 bytes, then a message of that length.
     * A frame is the message.
     */
    public static final LengthFieldFormat PROTOBUF_DELIMITED = builder().varint(10).build();

    final int prefixBytes;
    /** 1, 2, 3, 4 or 8; 0 for a varint. */
    final int fieldBytes;
    final boolean bigEndian;
    /** For a varint, the most bytes it may take; 0 for a fixed-width field. */
    final int maxVarintBytes;
    final boolean minimalVarint;
    final Counts counts;
    final int adjustment;
    final boolean keepPrefix;
    final boolean keepLengthField;

    private LengthFieldFormat(Builder b) {
        this.prefixBytes = b.prefixBytes;
        this.fieldBytes = b.fieldBytes;
        this.bigEndian = b.byteOrder != ByteOrder.LITTLE_ENDIAN;
        this.maxVarintBytes = b.maxVarintBytes;
        this.minimalVarint = b.minimalVarint;
        this.counts = b.counts;
        this.adjustment = b.adjustment;
        this.keepPrefix = b.keepPrefix;
        this.keepLengthField = b.keepLengthField;
    }

    /**
     * A builder whose defaults are {@link FrameReader}'s format.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A reader of frames in this format from {@code in}. See {@link LengthFieldReader} for what
     * it checks and throws.
     *
     * @param in the stream; given a connection's input, or any buffered stream, the header bytes
     *     cost no system call each
     * @param maxFrameSize the longest payload accepted, in bytes: the bytes after the length field
     *     (any prefix or length field kept in the frame come on top)
     * @return a reader for one thread
     * @throws IllegalArgumentException when {@code maxFrameSize} is negative, or too large for an
     *     array once the kept header bytes are added
     */
    public LengthFieldReader reader(InputStream in, int maxFrameSize) {
        Objects.requireNonNull(in, "in");
        requireNonNegative(maxFrameSize);
        int kept = (keepPrefix ? prefixBytes : 0) + (keepLengthField ? maxFieldBytes() : 0);
        if ((long) maxFrameSize + kept > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " and the " + kept
                    + " header bytes kept exceed the largest array");
        }
        return new LengthFieldReader(this, in, maxFrameSize);
    }

    /**
     * A writer of frames in this format to {@code out}. See {@link LengthFieldWriter} for what a
     * frame it is given holds.
     *
     * @param out the stream; each frame is written in one call and flushed
     * @param maxFrameSize the longest payload the writer accepts, in bytes: the bytes after the
     *     length field
     * @return a writer, as thread-safe as {@code out}
     * @throws IllegalArgumentException when {@code maxFrameSize} is negative, or larger than the
     *     length field can express (255 bytes for a 1-byte field that counts only the payload)
     */
    public LengthFieldWriter writer(OutputStream out, int maxFrameSize) {
        Objects.requireNonNull(out, "out");
        requireNonNegative(maxFrameSize);
        // In long arithmetic, none of it near overflow: the value a payload of maxFrameSize needs.
        long needed = (long) maxFrameSize + counted(fieldBytes) - adjustment;
        if (needed > largestValue()) {
            long largest = largestValue() - counted(fieldBytes) + adjustment;
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize
                    + " is more than this length field can express: at most " + Math.max(largest, 0) + " bytes");
        }
        return new LengthFieldWriter(this, out, maxFrameSize);
    }

    /** The most bytes the length field takes. */
    int maxFieldBytes() {
        return fieldBytes > 0 ? fieldBytes : maxVarintBytes;
    }

    /** The header bytes that a value counts, given the length field's size. */
    int counted(int fieldLength) {
        return switch (counts) {
            case PAYLOAD -> 0;
            case FIELD_AND_PAYLOAD -> fieldLength;
            case HEADER_AND_PAYLOAD -> prefixBytes + fieldLength;
        };
    }

    /** The largest value the length field holds without being negative. */
    private long largestValue() {
        return switch (fieldBytes) {
            case 0 -> maxVarintBytes * 7 >= Long.SIZE ? Long.MAX_VALUE : (1L << (7 * maxVarintBytes)) - 1;
            case 4 -> Integer.MAX_VALUE;
            case 8 -> Long.MAX_VALUE;
            default -> (1L << (8 * fieldBytes)) - 1;
        };
    }

    private static void requireNonNegative(int maxFrameSize) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must not be negative, got " + maxFrameSize);
        }
    }

    /**
     * Collects a {@link LengthFieldFormat}. Each setting is checked when it is made
     * ({@link IllegalArgumentException}), and the settings together by {@link #build()}
     * ({@link IllegalStateException}). Not thread-safe.
     */
    public static final class Builder {

        private int prefixBytes;
        private int fieldBytes = 4;
        /** Null until set: only a fixed-width field may be given an order. */
        private ByteOrder byteOrder;
        private int maxVarintBytes;
        private boolean minimalVarint;
        private Counts counts = Counts.PAYLOAD;
        private int adjustment;
        private boolean keepPrefix;
        private boolean keepLengthField;

        private Builder() {
        }

        /**
         * The bytes of each frame before the length field (a type byte, flags, a channel
         * number), which the reader does not interpret. Default 0. A reader holds a header's
         * bytes in an array it makes up front, so the prefix is bounded like the part of a frame
         * allocated before its bytes arrive: 64 KiB.
         *
         * @param count the number of bytes, 0 to 65,536
         * @return this builder
         */
        public Builder prefixBytes(int count) {
            if (count < 0 || count > FrameBuffers.TRUSTED_LENGTH) {
                throw new IllegalArgumentException("prefixBytes must be 0 to " + FrameBuffers.TRUSTED_LENGTH + ", got " + count);
            }
            this.prefixBytes = count;
            return this;
        }

        /**
         * A fixed-width length field: 1, 2 or 3 bytes unsigned, 4 or 8 bytes signed. Default 4.
         * Replaces a {@link #varint} set before.
         *
         * @param width 1, 2, 3, 4 or 8
         * @return this builder
         */
        public Builder fieldBytes(int width) {
            if (width != 1 && width != 2 && width != 3 && width != 4 && width != 8) {
                throw new IllegalArgumentException("fieldBytes must be 1, 2, 3, 4 or 8, got " + width);
            }
            this.fieldBytes = width;
            this.maxVarintBytes = 0;
            return this;
        }

        /**
         * The byte order of a fixed-width length field. Default big-endian.
         *
         * @param order {@link ByteOrder#BIG_ENDIAN} or {@link ByteOrder#LITTLE_ENDIAN}
         * @return this builder
         */
        public Builder byteOrder(ByteOrder order) {
            this.byteOrder = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * A varint length field, protobuf's base 128 (MQTT's Remaining Length is the same with at
         * most 4 bytes). A longer varint, or one whose value passes {@code 2^63 - 1}, is a
         * {@link ProtocolException}. Replaces a {@link #fieldBytes} set before.
         *
         * @param maxBytes the most bytes the field may take, 1 to 10
         * @return this builder
         */
        public Builder varint(int maxBytes) {
            if (maxBytes < 1 || maxBytes > 10) {
                throw new IllegalArgumentException("a varint takes 1 to 10 bytes, got " + maxBytes);
            }
            this.maxVarintBytes = maxBytes;
            this.fieldBytes = 0;
            return this;
        }

        /**
         * Rejects a varint not in its shortest form (such as {@code 80 00} for 0) with a
         * {@link ProtocolException}, as MQTT requires. By default such a varint is read, as
         * protobuf's parsers do; a writer always writes the shortest form.
         *
         * @return this builder
         */
        public Builder requireMinimalVarint() {
            this.minimalVarint = true;
            return this;
        }

        /**
         * What the length field's value counts besides the payload. Default
         * {@link Counts#PAYLOAD}. A varint counts only the payload.
         *
         * @param counts what the value counts
         * @return this builder
         */
        public Builder counts(Counts counts) {
            this.counts = Objects.requireNonNull(counts, "counts");
            return this;
        }

        /**
         * A number added to the field's value to give the length, for protocols whose length
         * leaves out bytes after the field, or counts bytes that are not there. Default 0. A
         * length that comes out negative is a {@link ProtocolException}.
         *
         * @param adjustment any number, negative or positive
         * @return this builder
         */
        public Builder adjustment(int adjustment) {
            this.adjustment = adjustment;
            return this;
        }

        /**
         * Keeps the prefix at the start of each frame a reader returns; a writer then takes it at
         * the start of each frame too. By default the prefix is stripped, and a writer still
         * takes it at the start of each frame.
         *
         * @return this builder
         */
        public Builder keepPrefix() {
            this.keepPrefix = true;
            return this;
        }

        /**
         * Keeps the length field, as it came, in each frame a reader returns: after the prefix
         * if that is kept too, else at the start. By default it is stripped. A writer always
         * computes the field and never takes it.
         *
         * @return this builder
         */
        public Builder keepLengthField() {
            this.keepLengthField = true;
            return this;
        }

        /**
         * The format.
         *
         * @return an immutable format
         * @throws IllegalStateException when a byte order or a shortest-form rule is given to the
         *     wrong kind of field, or a varint is set to count header bytes
         */
        public LengthFieldFormat build() {
            boolean varint = fieldBytes == 0;
            if (varint && byteOrder != null) {
                throw new IllegalStateException("a varint has no byte order to set: its groups are least significant first");
            }
            if (!varint && minimalVarint) {
                throw new IllegalStateException("requireMinimalVarint needs a varint length field");
            }
            if (varint && counts != Counts.PAYLOAD) {
                throw new IllegalStateException("a varint length counts only the payload, got " + counts);
            }
            return new LengthFieldFormat(this);
        }
    }
}
