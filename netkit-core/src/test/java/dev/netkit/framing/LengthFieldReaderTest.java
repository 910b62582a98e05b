package dev.netkit.framing;

import dev.netkit.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthFieldReaderTest {

    private static final int MAX = 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    /** Every frame until the end, in hex. */
    static List<String> readAll(LengthFieldReader reader) throws IOException {
        List<String> frames = new ArrayList<>();
        byte[] frame;
        while ((frame = reader.read()) != null) {
            frames.add(HEX.formatHex(frame));
        }
        return frames;
    }

    /** A format, a stream of frames in it, and the frames it reads, in hex. */
    static Stream<Arguments> streams() {
        String long300 = "ab".repeat(300);
        return Stream.of(
                Arguments.of("4-byte big-endian (the default)", LengthFieldFormat.builder().build(),
                        "00000000" + "00000002 0102" + "0000012c" + long300, List.of("", "0102", long300)),
                Arguments.of("2-byte little-endian", LengthFieldFormat.builder().fieldBytes(2).byteOrder(ByteOrder.LITTLE_ENDIAN).build(),
                        "0100 ff" + "2c01" + long300, List.of("ff", long300)),
                Arguments.of("8-byte little-endian", LengthFieldFormat.builder().fieldBytes(8).byteOrder(ByteOrder.LITTLE_ENDIAN).build(),
                        "0300000000000000 616263" + "0000000000000000", List.of("616263", "")),
                Arguments.of("3-byte, counting the whole frame", LengthFieldFormat.builder().fieldBytes(3)
                        .counts(LengthFieldFormat.Counts.HEADER_AND_PAYLOAD).build(),
                        "000005 6869" + "000003", List.of("6869", "")),
                Arguments.of("varint", LengthFieldFormat.PROTOBUF_DELIMITED,
                        "00" + "01 7f" + "ac02" + long300, List.of("", "7f", long300)),
                Arguments.of("prefix and field kept", LengthFieldFormat.builder().prefixBytes(2).keepPrefix().keepLengthField()
                        .fieldBytes(1).build(),
                        "cafe 02 0102" + "beef 00", List.of("cafe020102", "beef00")),
                Arguments.of("field kept, prefix stripped", LengthFieldFormat.builder().prefixBytes(1).keepLengthField()
                        .varint(4).build(),
                        "07 8001" + long300.substring(0, 256) + "07 01 ff", List.of("8001" + long300.substring(0, 256), "01ff")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void framesSplitAtEveryByteBoundaryComeOutWhole(String name, LengthFieldFormat format, String wire, List<String> frames)
            throws IOException {
        for (SplitInputStream in : SplitInputStream.everySplit(hex(wire))) {
            assertThat(readAll(format.reader(in, MAX))).as(in.toString()).isEqualTo(frames);
        }
    }

    @Test
    void theReaderNeverReadsPastAFrame() throws IOException {
        InputStream in = new ByteArrayInputStream(hex("0002 6869 72657374"));
        assertThat(LengthFieldFormat.builder().fieldBytes(2).build().reader(in, MAX).read()).isEqualTo(hex("6869"));
        assertThat(in.readAllBytes()).isEqualTo("rest".getBytes());
    }

    /** A header, and the exception it must cause with the maximum at 1 MiB. */
    static Stream<Arguments> hostileHeaders() {
        LengthFieldFormat int32 = LengthFieldFormat.builder().build();
        LengthFieldFormat int32Le = LengthFieldFormat.builder().byteOrder(ByteOrder.LITTLE_ENDIAN).build();
        LengthFieldFormat int64 = LengthFieldFormat.builder().fieldBytes(8).build();
        LengthFieldFormat varint = LengthFieldFormat.PROTOBUF_DELIMITED;
        LengthFieldFormat oneByteLess10 = LengthFieldFormat.builder().fieldBytes(1).adjustment(-10).build();
        return Stream.of(
                Arguments.of("4 bytes: 2 GiB - 1", int32, "7fffffff", FrameTooLongException.class,
                        "frame length 2147483647 exceeds the maximum of 1048576 bytes"),
                Arguments.of("4 bytes: 1 MiB + 1", int32, "00100001", FrameTooLongException.class,
                        "frame length 1048577 exceeds the maximum of 1048576 bytes"),
                Arguments.of("4 bytes: top bit set", int32, "80000000", ProtocolException.class,
                        "negative frame length -2147483648"),
                Arguments.of("4 bytes little-endian: all ones", int32Le, "ffffffff", ProtocolException.class,
                        "negative frame length -1"),
                Arguments.of("8 bytes: 2 GiB", int64, "0000000080000000", FrameTooLongException.class,
                        "frame length 2147483648 exceeds the maximum of 1048576 bytes"),
                Arguments.of("8 bytes: 2^63 - 1", int64, "7fffffffffffffff", FrameTooLongException.class,
                        "frame length 9223372036854775807 exceeds the maximum of 1048576 bytes"),
                Arguments.of("8 bytes: top bit set", int64, "8000000000000000", ProtocolException.class,
                        "negative frame length -9223372036854775808"),
                Arguments.of("varint: 2 GiB", varint, "8080808008", FrameTooLongException.class,
                        "frame length 2147483648 exceeds the maximum of 1048576 bytes"),
                Arguments.of("varint: 2^63 - 1 in 9 bytes", varint, "ffffffffffffffff7f", FrameTooLongException.class,
                        "frame length 9223372036854775807 exceeds the maximum of 1048576 bytes"),
                Arguments.of("varint: bit 63 set", varint, "ffffffffffffffffff01", ProtocolException.class,
                        "varint length over 2^63 - 1"),
                Arguments.of("varint: a tenth byte that goes on", varint, "ffffffffffffffffff80", ProtocolException.class,
                        "varint length longer than 10 bytes"),
                Arguments.of("MQTT: a fourth varint byte that goes on", LengthFieldFormat.MQTT, "30 ffffffff", ProtocolException.class,
                        "varint length longer than 4 bytes"),
                Arguments.of("MQTT: padded varint", LengthFieldFormat.MQTT, "30 8000", ProtocolException.class,
                        "varint length not in its shortest form (2 bytes)"),
                Arguments.of("PostgreSQL: a length shorter than itself", LengthFieldFormat.POSTGRESQL, "51 00000003",
                        ProtocolException.class, "length field 3 gives a negative payload length -1"),
                Arguments.of("adjustment -10 on 3", oneByteLess10, "03", ProtocolException.class,
                        "length field 3 gives a negative payload length -7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void aHostileLengthIsRejectedRightAfterItsHeader(String name, LengthFieldFormat format, String header,
            Class<? extends Exception> type, String message) {
        // Payload bytes follow: had the reader gone on to allocate and read them, it would have
        // consumed more than the header, or failed with OutOfMemoryError.
        byte[] headerBytes = hex(header);
        byte[] wire = new byte[headerBytes.length + 64];
        System.arraycopy(headerBytes, 0, wire, 0, headerBytes.length);
        ChunkedInputStream in = new ChunkedInputStream(wire, 1);
        assertThatThrownBy(() -> format.reader(in, MAX).read()).isExactlyInstanceOf(type).hasMessage(message);
        assertThat(in.consumed()).isEqualTo(headerBytes.length);
    }

    @Test
    void aPaddedVarintIsReadUnlessTheFormatRequiresTheShortestForm() throws IOException {
        byte[] wire = hex("8000" + "828000" + "6869");
        assertThat(readAll(LengthFieldFormat.PROTOBUF_DELIMITED.reader(new ByteArrayInputStream(wire), MAX)))
                .containsExactly("", "6869");
    }

    @Test
    void aClaimedLengthCostsMemoryOnlyAsItsBytesArrive() {
        // Within the maximum, 2 GiB - 16 claimed, 100 bytes sent: with a 1 GiB heap, allocating
        // the claimed length up front would fail with OutOfMemoryError.
        byte[] wire = new byte[4 + 100];
        System.arraycopy(hex("7ffffff0"), 0, wire, 0, 4);
        LengthFieldReader reader = LengthFieldFormat.builder().build().reader(new ByteArrayInputStream(wire), Integer.MAX_VALUE);
        assertThatThrownBy(reader::read)
                .isExactlyInstanceOf(EOFException.class)
                .hasMessage("stream ended inside a frame: 100 of 2147483632 bytes");
    }

    @Test
    void theMaximumBoundsThePayloadAndAFrameOfExactlyItPasses() throws IOException {
        LengthFieldFormat pg = LengthFieldFormat.POSTGRESQL;
        byte[] wire = hex("51 00000007 616263" + "51 00000008 61626364");
        LengthFieldReader reader = pg.reader(new ByteArrayInputStream(wire), 3);
        assertThat(reader.read()).isEqualTo(hex("51 616263"));
        assertThatThrownBy(reader::read)
                .isExactlyInstanceOf(FrameTooLongException.class)
                .hasMessage("frame length 4 exceeds the maximum of 3 bytes");
    }

    @Test
    void aStreamEndingInsideAFrameIsTruncatedWhereverItEnds() throws IOException {
        LengthFieldFormat format = LengthFieldFormat.builder().prefixBytes(2).varint(3).build();
        byte[] wire = hex("0102 8001" + "ab".repeat(128));
        for (int end = 1; end < wire.length; end++) {
            InputStream in = new ByteArrayInputStream(wire, 0, end);
            String where = end < 4 ? "stream ended inside a frame header"
                    : "stream ended inside a frame: " + (end - 4) + " of 128 bytes";
            assertThatThrownBy(() -> format.reader(in, MAX).read()).as("ending after " + end)
                    .isExactlyInstanceOf(EOFException.class).hasMessage(where);
        }
        assertThat(format.reader(new ByteArrayInputStream(wire), MAX).read()).hasSize(128);
        assertThat(format.reader(new ByteArrayInputStream(new byte[0]), MAX).read()).isNull();
    }

    @Test
    void theReaderCannotKeepMoreThanAnArrayHolds() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        LengthFieldFormat keepsField = LengthFieldFormat.builder().keepLengthField().build();
        assertThat(keepsField.reader(in, Integer.MAX_VALUE - 4).maxFrameSize()).isEqualTo(Integer.MAX_VALUE - 4);
        assertThatThrownBy(() -> keepsField.reader(in, Integer.MAX_VALUE - 3))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("largest array");
        assertThatThrownBy(() -> keepsField.reader(in, -1)).isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
