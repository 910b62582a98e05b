package dev.netkit.framing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelimiterReaderTest {

    private static final byte[] NUL = {0};
    private static final byte[] LF = {'\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Each result in turn: "frame:" and its text, the exception's type and message, or "end". */
    private static List<String> outcomes(DelimiterReader reader) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                byte[] frame = reader.read();
                if (frame == null) {
                    out.add("end");
                    return out;
                }
                out.add("frame:" + new String(frame, StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Checks that {@code wire} gives the {@code expected} outcomes through every split. */
    private static void everySplit(String wire, Reader reader, String... expected) {
        for (SplitInputStream in : SplitInputStream.everySplit(bytes(wire))) {
            assertThat(outcomes(reader.on(in))).as(in.toString()).containsExactly(expected);
        }
    }

    private interface Reader {
        DelimiterReader on(InputStream in);
    }

    @Test
    void stompFramesEndingInNul() {
        everySplit("CONNECT\naccept-version:1.2\nhost:stomp.example\n\n\0"
                        + "SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello ✓\0",
                in -> DelimiterReader.stripping(in, 1024, NUL),
                "frame:CONNECT\naccept-version:1.2\nhost:stomp.example\n\n",
                "frame:SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello ✓",
                "end");
    }

    @Test
    void headerBlocksEndingInCrlfCrlfKeptOrStripped() {
        String wire = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
        everySplit(wire, in -> DelimiterReader.stripping(in, 1024, CRLF_CRLF),
                "frame:GET / HTTP/1.1\r\nHost: a", "frame:GET /b HTTP/1.1", "end");
        everySplit(wire, in -> DelimiterReader.keeping(in, 1024, CRLF_CRLF),
                "frame:GET / HTTP/1.1\r\nHost: a\r\n\r\n", "frame:GET /b HTTP/1.1\r\n\r\n", "end");
    }

    @Test
    void ofDelimitersEndingAtTheSameByteTheLongestWins() {
        // LF and CRLF both end at the LF of "a\r\n": CRLF ends the frame, in either order given.
        String wire = "a\r\nb\nc\r\r\n";
        everySplit(wire, in -> DelimiterReader.stripping(in, 100, LF, CRLF), "frame:a", "frame:b", "frame:c\r", "end");
        everySplit(wire, in -> DelimiterReader.keeping(in, 100, CRLF, LF), "frame:a\r\n", "frame:b\n", "frame:c\r\r\n", "end");
    }

    @Test
    void theFirstDelimiterToBeCompleteWinsHoweverTheBytesAreSplit() {
        // "B" is complete before "ABC" is: the inner delimiter ends the frame, in every split.
        everySplit("1ABC2B", in -> DelimiterReader.stripping(in, 100, bytes("ABC"), bytes("B")),
                "frame:1A", "frame:C2", "end");
        everySplit("a;b--c;--", in -> DelimiterReader.stripping(in, 100, bytes("--"), bytes(";")),
                "frame:a", "frame:b", "frame:c", "frame:", "end");
    }

    @Test
    void emptyFramesBetweenDelimiters() {
        everySplit("\0\0x\0", in -> DelimiterReader.stripping(in, 10, NUL), "frame:", "frame:", "frame:x", "end");
    }

    @Test
    void aFrameOfExactlyTheMaximumPassesAndOneMoreByteFailsThenTheReaderRecovers() {
        everySplit("12345\r\n123456\r\nnext\r\n", in -> DelimiterReader.stripping(in, 5, CRLF),
                "frame:12345",
                "FrameTooLongException: frame length over 5 exceeds the maximum of 5 bytes",
                "frame:next",
                "end");
    }

    @Test
    void aDelimiterThatBeganBeforeTheReaderStoppedStillEndsTheSkippedFrame() {
        // Maximum 3: "abcd\r" is where reading stops, as no CRLF can end the frame within 3
        // bytes; the CR read there and the LF after it end the frame being skipped.
        everySplit("abcd\r\nok\r\n", in -> DelimiterReader.stripping(in, 3, CRLF),
                "FrameTooLongException: frame length over 3 exceeds the maximum of 3 bytes", "frame:ok", "end");
        everySplit("abc\r\r\nok\r\n", in -> DelimiterReader.stripping(in, 3, CRLF),
                "FrameTooLongException: frame length over 3 exceeds the maximum of 3 bytes", "frame:ok", "end");
    }

    @Test
    void aShortDelimiterThatEndsAFramePastTheMaximumLeavesNothingToSkip() {
        // With CRLF among the delimiters, 7 bytes may still hold a 5-byte frame: "abcdef\n" is
        // read whole, and its frame is 6 bytes long.
        everySplit("abcdef\nok\n", in -> DelimiterReader.stripping(in, 5, LF, CRLF),
                "FrameTooLongException: frame length 6 exceeds the maximum of 5 bytes", "frame:ok", "end");
    }

    @Test
    void aHugeFrameIsNotBufferedAndItsRestIsSkipped() throws IOException {
        byte[] wire = new byte[10 * 1024 * 1024 + 4];
        System.arraycopy(bytes("\r\nok"), 0, wire, wire.length - 4, 4);
        ChunkedInputStream in = new ChunkedInputStream(wire, 1);
        DelimiterReader reader = DelimiterReader.stripping(in, 1024, CRLF);
        assertThatThrownBy(reader::read).isExactlyInstanceOf(FrameTooLongException.class);
        // It stopped reading once 1,024 bytes and a delimiter's room had come.
        assertThat(in.consumed()).isEqualTo(1026);
        assertThatThrownBy(reader::read)
                .isExactlyInstanceOf(EOFException.class)
                .hasMessage("stream ended inside a frame (2 bytes without a delimiter)");
        assertThat(reader.read()).isNull();
    }

    @Test
    void aStreamEndingInsideAFrameIsTruncatedAndOneEndingWhileSkippingIsTheEnd() {
        everySplit("one\0two", in -> DelimiterReader.stripping(in, 10, NUL),
                "frame:one", "EOFException: stream ended inside a frame (3 bytes without a delimiter)", "end");
        everySplit("far too long", in -> DelimiterReader.stripping(in, 3, NUL),
                "FrameTooLongException: frame length over 3 exceeds the maximum of 3 bytes", "end");
    }

    @Test
    void theReaderNeverReadsPastADelimiter() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes("MESSAGE\n\nbody\0BINARY"));
        assertThat(DelimiterReader.stripping(in, 100, NUL).read()).isEqualTo(bytes("MESSAGE\n\nbody"));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("BINARY");
    }

    @Test
    void theDelimitersAreCopiedAndChecked() throws IOException {
        byte[] delimiter = {';'};
        DelimiterReader reader = DelimiterReader.stripping(new ByteArrayInputStream(bytes("a;b,")), 10, delimiter);
        delimiter[0] = ',';
        assertThat(reader.read()).isEqualTo(bytes("a"));
        assertThat(reader.maxFrameLength()).isEqualTo(10);
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> DelimiterReader.stripping(in, 10)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one delimiter is needed");
        assertThatThrownBy(() -> DelimiterReader.stripping(in, 10, NUL, new byte[0]))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("a delimiter must not be empty");
        assertThatThrownBy(() -> DelimiterReader.keeping(in, -1, NUL)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DelimiterReader.keeping(in, Integer.MAX_VALUE, CRLF))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest array");
    }
}
