package dev.netkit.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One type-length-value field of a PROXY protocol v2 header: extra facts the balancer adds, such
 * as the TLS server name the client asked for ({@link #AUTHORITY}) or a request id
 * ({@link #UNIQUE_ID}). Immutable.
 *
 * <pre>
 *  0        1                 3
 * +--------+--------+--------+---------------------+
 * |  type  | length (big end.)|  value (length B)   |
 * +--------+--------+--------+---------------------+
 * </pre>
 *
 * The value of {@link #SSL} holds sub-fields of the same shape after five bytes of its own
 * (client flags and verify result); it is given here as it came.
 */
public final class ProxyTlv {

    /** Application-layer protocol negotiated by the client (ALPN), such as {@code h2}. */
    public static final int ALPN = 0x01;
    /** The host name the client asked for (TLS SNI or the like), UTF-8. */
    public static final int AUTHORITY = 0x02;
    /** CRC-32C of the whole header; checked when the header is read. */
    public static final int CRC32C = 0x03;
    /** Padding, to be ignored. */
    public static final int NOOP = 0x04;
    /** An opaque id of the connection, at most 128 bytes. */
    public static final int UNIQUE_ID = 0x05;
    /** Facts about the client's TLS connection to the balancer, with sub-fields. */
    public static final int SSL = 0x20;
    /** The network namespace the connection was accepted in, US-ASCII. */
    public static final int NETNS = 0x30;
    /** The longest value a field can carry. */
    public static final int MAX_VALUE_LENGTH = 0xFFFF;

    private final int type;
    private final byte[] value;

    /**
     * A field.
     *
     * @param type 0 to 255
     * @param value at most {@link #MAX_VALUE_LENGTH} bytes; copied
     * @throws IllegalArgumentException when the type or the length is out of range
     */
    public ProxyTlv(int type, byte[] value) {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("type must be 0 to 255, got " + type);
        }
        java.util.Objects.requireNonNull(value, "value");
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value must be at most " + MAX_VALUE_LENGTH + " bytes, got " + value.length);
        }
        this.type = type;
        this.value = value.clone();
    }

    /**
     * A field whose value is text.
     *
     * @param type 0 to 255
     * @param value encoded as UTF-8
     * @return the field
     */
    public static ProxyTlv ofString(int type, String value) {
        return new ProxyTlv(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The field's type.
     *
     * @return 0 to 255: one of the constants here, or another (0xE0 to 0xEF are for private use)
     */
    public int type() {
        return type;
    }

    /**
     * The field's value.
     *
     * @return a copy of its bytes
     */
    public byte[] value() {
        return value.clone();
    }

    /**
     * The field's value as text.
     *
     * @return the value decoded as UTF-8 (malformed bytes replaced)
     */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The length of the value in bytes, without copying it. */
    int length() {
        return value.length;
    }

    /** The value itself, for the encoder, which only reads it. */
    byte[] bytes() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyTlv other && other.type == type && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "TLV 0x" + HexFormat.of().toHexDigits((byte) type) + " (" + value.length + " B)";
    }
}
