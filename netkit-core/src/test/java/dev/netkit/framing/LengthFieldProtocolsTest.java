package dev.netkit.framing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static dev.netkit.framing.LengthFieldReaderTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

/** Real protocols' byte streams, built by hand from their specifications, read and written. */
class LengthFieldProtocolsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Reads {@code wire} through every split and checks its frames are {@code expected}, then the end. */
    private static void readsEverySplit(LengthFieldFormat format, byte[] wire, byte[]... expected) throws IOException {
        for (SplitInputStream in : SplitInputStream.everySplit(wire)) {
            LengthFieldReader reader = format.reader(in, 64 * 1024);
            for (int i = 0; i < expected.length; i++) {
                assertThat(reader.read()).as(in + ", frame " + i).isEqualTo(expected[i]);
            }
            assertThat(reader.read()).as(in + ", the end").isNull();
        }
    }

    /** What the format's writer puts on the wire for these frames. */
    private static byte[] written(LengthFieldFormat format, byte[]... frames) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        LengthFieldWriter writer = format.writer(wire, 64 * 1024);
        for (byte[] frame : frames) {
            writer.write(frame);
        }
        return wire.toByteArray();
    }

    @Test
    void mqttPacketsWithOneAndTwoByteRemainingLengths() throws IOException {
        // PUBLISH, QoS 0: byte 1 is 0x30; Remaining Length 321 is C1 02 (65 + 2 * 128); then the
        // topic name (2-byte length, "a/b/c") and 314 bytes of application message.
        byte[] message = new byte[314];
        Arrays.fill(message, (byte) 'm');
        byte[] variableHeaderAndPayload = concat(hex("0005"), ascii("a/b/c"), message);
        assertThat(variableHeaderAndPayload).hasSize(321);
        byte[] publish = concat(hex("30 c102"), variableHeaderAndPayload);
        // CONNACK (session not present, accepted), then PINGREQ, whose Remaining Length is 0.
        byte[] connack = hex("20 02 0000");
        byte[] pingreq = hex("c0 00");
        byte[] wire = concat(connack, publish, pingreq);

        byte[] publishFrame = concat(hex("30"), variableHeaderAndPayload);
        readsEverySplit(LengthFieldFormat.MQTT, wire, hex("20 0000"), publishFrame, hex("c0"));
        assertThat(written(LengthFieldFormat.MQTT, hex("20 0000"), publishFrame, hex("c0"))).isEqualTo(wire);
    }

    @Test
    void postgresqlMessagesAfterTheStartupMessage() throws IOException {
        // Frontend: Query "SELECT 1;" (the length counts itself, the text and its NUL, not the
        // type: 4 + 9 + 1 = 14), then Terminate, which has no body.
        byte[] query = concat(hex("51 0000000e"), ascii("SELECT 1;"), hex("00"));
        byte[] terminate = hex("58 00000004");
        readsEverySplit(LengthFieldFormat.POSTGRESQL, concat(query, terminate),
                concat(ascii("Q"), ascii("SELECT 1;"), hex("00")), ascii("X"));

        // Backend: AuthenticationOk, ParameterStatus client_encoding=UTF8, BackendKeyData
        // (process 12345, secret key DEADBEEF), ReadyForQuery (idle).
        byte[] backend = concat(
                hex("52 00000008 00000000"),
                hex("53 00000019"), ascii("client_encoding"), hex("00"), ascii("UTF8"), hex("00"),
                hex("4b 0000000c 00003039 deadbeef"),
                hex("5a 00000005 49"));
        byte[][] messages = {
                hex("52 00000000"),
                concat(ascii("S"), ascii("client_encoding"), hex("00"), ascii("UTF8"), hex("00")),
                hex("4b 00003039 deadbeef"),
                hex("5a 49")};
        readsEverySplit(LengthFieldFormat.POSTGRESQL, backend, messages);
        assertThat(written(LengthFieldFormat.POSTGRESQL, messages)).isEqualTo(backend);
    }

    @Test
    void postgresqlStartupMessageThenTypedMessagesOnOneStream() throws IOException {
        // The startup message has no type byte: length 20 (counting itself), protocol 3.0, then
        // "user", "alice" and the list's closing NUL. A reader never reads past its frame, so a
        // second one takes the typed messages that follow.
        byte[] parameters = concat(ascii("user"), hex("00"), ascii("alice"), hex("00 00"));
        byte[] startup = concat(hex("00000014 00030000"), parameters);
        byte[] query = concat(hex("51 0000000a"), ascii("BEGIN"), hex("00"));
        InputStream in = new ByteArrayInputStream(concat(startup, query));

        LengthFieldFormat untyped = LengthFieldFormat.builder().counts(LengthFieldFormat.Counts.FIELD_AND_PAYLOAD).build();
        assertThat(untyped.reader(in, 10_000).read()).isEqualTo(concat(hex("00030000"), parameters));
        LengthFieldReader typed = LengthFieldFormat.POSTGRESQL.reader(in, 10_000);
        assertThat(typed.read()).isEqualTo(concat(ascii("QBEGIN"), hex("00")));
        assertThat(typed.read()).isNull();
    }

    @Test
    void postgresqlsLengthCountingItselfIsANegativeAdjustmentToo() throws IOException {
        LengthFieldFormat adjusted = LengthFieldFormat.builder().prefixBytes(1).keepPrefix().adjustment(-4).build();
        byte[] wire = concat(hex("51 0000000e"), ascii("SELECT 1;"), hex("00"), hex("58 00000004"));
        readsEverySplit(adjusted, wire, concat(ascii("QSELECT 1;"), hex("00")), ascii("X"));
    }

    @Test
    void protobufLengthDelimitedMessagesWithOneAndTwoByteVarints() throws IOException {
        // Message 1: field 1, varint 150 (08 96 01), 3 bytes long. Message 2: field 2, a string of
        // 297 bytes (tag 12, length A9 02), 300 bytes long: its length is AC 02.
        byte[] first = hex("08 9601");
        byte[] text = new byte[297];
        Arrays.fill(text, (byte) 'p');
        byte[] second = concat(hex("12 a902"), text);
        byte[] wire = concat(hex("03"), first, hex("ac02"), second);

        readsEverySplit(LengthFieldFormat.PROTOBUF_DELIMITED, wire, first, second);
        assertThat(written(LengthFieldFormat.PROTOBUF_DELIMITED, first, second)).isEqualTo(wire);
    }

    @Test
    void http2FramesWhoseLengthLeavesOutTheRestOfTheHeader() throws IOException {
        // A 3-byte length of the payload alone, then type, flags and stream id (6 bytes) that it
        // does not count: SETTINGS with MAX_CONCURRENT_STREAMS = 100, then a SETTINGS ack.
        LengthFieldFormat http2 = LengthFieldFormat.builder().fieldBytes(3).adjustment(6).build();
        byte[] settings = hex("000006 04 00 00000000 0003 00000064");
        byte[] ack = hex("000000 04 01 00000000");
        readsEverySplit(http2, concat(settings, ack),
                hex("04 00 00000000 0003 00000064"), hex("04 01 00000000"));
        assertThat(HEX.formatHex(written(http2, hex("04 01 00000000")))).isEqualTo(HEX.formatHex(ack));
    }
}
