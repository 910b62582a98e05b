package dev.netkit.framing;

import dev.netkit.internal.ChannelConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.netkit.framing.LengthFieldReaderTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthFieldWriterTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Around the edges of each field width and of a varint's byte counts. */
    private static final int[] SIZES = {0, 1, 127, 128, 255, 256, 16_383, 16_384, 65_535, 65_536, 70_000};

    private static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (i * 7 + size);
        }
        return p;
    }

    static Stream<Arguments> fixedWidths() {
        return Stream.of(1, 2, 3, 4, 8).flatMap(width -> Stream.of(
                Arguments.of(width, ByteOrder.BIG_ENDIAN), Arguments.of(width, ByteOrder.LITTLE_ENDIAN)));
    }

    @ParameterizedTest(name = "{0} bytes, {1}")
    @MethodSource("fixedWidths")
    void everyFixedWidthRoundTripsInBothByteOrders(int width, ByteOrder order) throws IOException {
        LengthFieldFormat format = LengthFieldFormat.builder().fieldBytes(width).byteOrder(order).build();
        int max = width == 1 ? 255 : width == 2 ? 65_535 : 100_000;
        int[] sizes = IntStream.of(SIZES).filter(s -> s <= max).toArray();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        LengthFieldWriter writer = format.writer(wire, max);
        for (int size : sizes) {
            writer.write(payload(size));
        }
        // The wire, built here from ByteBuffer's encoding of each length.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int size : sizes) {
            byte[] asLong = ByteBuffer.allocate(8).order(order).putLong(size).array();
            expected.write(asLong, order == ByteOrder.BIG_ENDIAN ? 8 - width : 0, width);
            expected.writeBytes(payload(size));
        }
        assertThat(wire.toByteArray()).isEqualTo(expected.toByteArray());
        for (long seed = 1; seed <= 3; seed++) {
            LengthFieldReader reader = format.reader(new ChunkedInputStream(wire.toByteArray(), seed), max);
            for (int size : sizes) {
                assertThat(reader.read()).as("frame of " + size + ", seed " + seed).isEqualTo(payload(size));
            }
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void varintsRoundTripAndTakeTheShortestFormAtEachByteCount() throws IOException {
        int[] sizes = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152};
        String[] fields = {"00", "01", "7f", "8001", "ff7f", "808001", "ffff7f", "80808001"};
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        LengthFieldWriter writer = LengthFieldFormat.PROTOBUF_DELIMITED.writer(wire, 4 << 20);
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            writer.write(payload(sizes[i]));
            byte[] written = wire.toByteArray();
            assertThat(HEX.formatHex(written, at, at + fields[i].length() / 2)).as("field for " + sizes[i]).isEqualTo(fields[i]);
            at = written.length;
        }
        LengthFieldReader reader = LengthFieldFormat.PROTOBUF_DELIMITED.reader(new ChunkedInputStream(wire.toByteArray(), 9), 4 << 20);
        for (int size : sizes) {
            assertThat(reader.read()).as("frame of " + size).isEqualTo(payload(size));
        }
        assertThat(reader.read()).isNull();
    }

    @Test
    void aFrameIsThePrefixThenThePayloadAndReadsBackWhenThePrefixIsKept() throws IOException {
        // Prefix AB CD, a 2-byte little-endian length that counts the whole frame.
        LengthFieldFormat.Builder builder = LengthFieldFormat.builder().prefixBytes(2).fieldBytes(2)
                .byteOrder(ByteOrder.LITTLE_ENDIAN).counts(LengthFieldFormat.Counts.HEADER_AND_PAYLOAD);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        builder.build().writer(wire, 100).write(hex("abcd 6869"));
        assertThat(HEX.formatHex(wire.toByteArray())).isEqualTo("abcd" + "0600" + "6869");

        LengthFieldFormat keepsPrefix = builder.keepPrefix().build();
        assertThat(keepsPrefix.reader(new ByteArrayInputStream(wire.toByteArray()), 100).read()).isEqualTo(hex("abcd 6869"));
    }

    @Test
    void anAdjustmentIsUndoneByTheWriter() throws IOException {
        // A length that leaves out 6 bytes after it, as HTTP/2's does.
        LengthFieldFormat format = LengthFieldFormat.builder().fieldBytes(3).adjustment(6).build();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        format.writer(wire, 100).write(hex("040000000000 0003"));
        assertThat(HEX.formatHex(wire.toByteArray())).isEqualTo("000002" + "040000000000" + "0003");
        assertThatThrownBy(() -> format.writer(wire, 100).write(new byte[5]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a payload of 5 bytes and the adjustment of 6 give a negative length field");
    }

    @Test
    void aPayloadOverTheMaximumOrAFrameShorterThanItsPrefixIsRefusedAndNothingIsWritten() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        LengthFieldWriter writer = LengthFieldFormat.POSTGRESQL.writer(wire, 4);
        assertThatThrownBy(() -> writer.write(new byte[] {'Q', 1, 2, 3, 4, 5}))
                .isExactlyInstanceOf(FrameTooLongException.class)
                .hasMessage("frame length 5 exceeds the maximum of 4 bytes");
        assertThatThrownBy(() -> writer.write(new byte[0]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a frame of 0 bytes is shorter than its 1-byte prefix");
        assertThatThrownBy(() -> writer.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(wire.size()).isZero();
    }

    @Test
    void aWritersMaximumMustFitItsLengthField() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(LengthFieldFormat.builder().fieldBytes(1).build().writer(out, 255)).isNotNull();
        assertThatThrownBy(() -> LengthFieldFormat.builder().fieldBytes(1).build().writer(out, 256))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameSize 256 is more than this length field can express: at most 255 bytes");
        assertThat(LengthFieldFormat.MQTT.writer(out, 268_435_455)).isNotNull();
        assertThatThrownBy(() -> LengthFieldFormat.MQTT.writer(out, 268_435_456))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(LengthFieldFormat.POSTGRESQL.writer(out, Integer.MAX_VALUE - 4)).isNotNull();
        assertThatThrownBy(() -> LengthFieldFormat.POSTGRESQL.writer(out, Integer.MAX_VALUE - 3))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(LengthFieldFormat.builder().fieldBytes(8).adjustment(Integer.MAX_VALUE).build()
                .writer(out, Integer.MAX_VALUE)).isNotNull();
        assertThatThrownBy(() -> LengthFieldFormat.builder().build().writer(out, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    /** A format, the prefix its frames take, and whether a reader keeps that prefix. */
    static Stream<Arguments> formatsForAConnection() {
        return Stream.of(
                Arguments.of("default", LengthFieldFormat.builder().build(), "", false),
                Arguments.of("MQTT", LengthFieldFormat.MQTT, "30", true),
                Arguments.of("PostgreSQL", LengthFieldFormat.POSTGRESQL, "51", true),
                Arguments.of("8-byte little-endian", LengthFieldFormat.builder().fieldBytes(8).byteOrder(ByteOrder.LITTLE_ENDIAN).build(), "", false),
                Arguments.of("a 9-byte header", LengthFieldFormat.builder().prefixBytes(5).build(), "0102030405", false),
                Arguments.of("a 68-byte header", LengthFieldFormat.builder().prefixBytes(60).fieldBytes(8).build(), "ee".repeat(60), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsForAConnection")
    void aConnectionsOutputGetsTheSameBytesAsAnyStream(String name, LengthFieldFormat format, String prefix, boolean kept)
            throws IOException {
        // Each frame sits inside a larger array, 3 bytes in, as a caller's buffer may hold it.
        int[] sizes = {0, 3, 8_000, 8_200, 20_000};
        MemoryChannel channel = new MemoryChannel(new byte[0]);
        LengthFieldWriter direct = format.writer(new ChannelConnection(channel).output(), 100_000);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        LengthFieldWriter copying = format.writer(plain, 100_000);
        byte[] prefixBytes = hex(prefix);
        for (int size : sizes) {
            byte[] array = new byte[3 + prefixBytes.length + size + 2];
            System.arraycopy(prefixBytes, 0, array, 3, prefixBytes.length);
            System.arraycopy(payload(size), 0, array, 3 + prefixBytes.length, size);
            direct.write(array, 3, prefixBytes.length + size);
            copying.write(Arrays.copyOfRange(array, 3, 3 + prefixBytes.length + size));
        }
        assertThat(channel.written()).isEqualTo(plain.toByteArray());
        LengthFieldReader reader = format.reader(new ByteArrayInputStream(channel.written()), 100_000);
        for (int size : sizes) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(kept ? prefixBytes : new byte[0]);
            expected.writeBytes(payload(size));
            assertThat(reader.read()).as("frame of " + size).isEqualTo(expected.toByteArray());
        }
        assertThat(reader.read()).isNull();
    }

    @Test
    void aLargeFrameOnAConnectionNeverSendsItsHeaderAlone() throws IOException {
        MemoryChannel channel = new MemoryChannel(new byte[0]);
        LengthFieldWriter writer = LengthFieldFormat.POSTGRESQL.writer(new ChannelConnection(channel).output(), 100_000);
        byte[] message = payload(20_001);
        message[0] = 'D';
        writer.write(message);
        // A full 8 KiB buffer (type, length, the body's start), then the rest of the body.
        assertThat(channel.writes()).containsExactly(8192, 5 + 20_000 - 8192);
        assertThat(HEX.formatHex(channel.written(), 0, 5)).isEqualTo("44" + "00004e24");
    }

    @Test
    void theDefaultsAreFrameReadersFormat() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new FrameWriter(wire, 100).write(hex("0102"));
        LengthFieldFormat.builder().build().writer(wire, 100).write(hex("03"));
        assertThat(HEX.formatHex(wire.toByteArray())).isEqualTo("00000002 0102 00000001 03".replace(" ", ""));
        FrameReader frames = new FrameReader(new ByteArrayInputStream(wire.toByteArray()), 100);
        assertThat(frames.read()).isEqualTo(hex("0102"));
        assertThat(LengthFieldFormat.builder().build().reader(new ByteArrayInputStream(wire.toByteArray(), 6, 5), 100).read())
                .isEqualTo(hex("03"));
    }
}
