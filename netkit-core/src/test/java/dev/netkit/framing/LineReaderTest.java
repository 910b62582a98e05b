package dev.netkit.framing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

    private static LineReader lenient(String text, long seed, int max) {
        return LineReader.lenient(new BufferedInputStream(
                new ChunkedInputStream(text.getBytes(StandardCharsets.UTF_8), seed), 3), max);
    }

    private static List<String> all(LineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void linesSplitAcrossArbitraryChunksComeOutWhole(long seed) throws IOException {
        String text = "first\r\nsecond\nthird line, longer than a chunk\r\n\nünïcödé ✓\n";
        assertThat(all(lenient(text, seed, 100)))
                .containsExactly("first", "second", "third line, longer than a chunk", "", "ünïcödé ✓");
    }

    @Test
    void lenientKeepsALastLineWithoutLineBreak() throws IOException {
        assertThat(all(lenient("one\ntwo", 1, 10))).containsExactly("one", "two");
    }

    @Test
    void strictCallsALastLineWithoutLineBreakTruncated() throws IOException {
        LineReader reader = LineReader.strict(new ByteArrayInputStream("one\r\ntwo".getBytes()), 10);
        assertThat(reader.readLine()).isEqualTo("one");
        assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void aLoneCarriageReturnIsPartOfTheLine() throws IOException {
        assertThat(all(lenient("a\rb\r\nc\r", 1, 10))).containsExactly("a\rb", "c\r");
    }

    @Test
    void aLineOfExactlyTheMaximumPasses() throws IOException {
        assertThat(all(lenient("12345\r\n", 1, 5))).containsExactly("12345");
    }

    @Test
    void aLineOverTheMaximumFailsNamingBothNumbersAndTheReaderRecovers() throws IOException {
        LineReader reader = lenient("ok\n123456789\nnext\n", 3, 5);
        assertThat(reader.readLine()).isEqualTo("ok");
        assertThatThrownBy(reader::readLine)
                .isInstanceOf(FrameTooLongException.class)
                .hasMessage("line length over 5 exceeds the maximum of 5 bytes");
        assertThat(reader.readLine()).isEqualTo("next");
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void aHugeLineIsNotBuffered() {
        ChunkedInputStream in = new ChunkedInputStream(new byte[10 * 1024 * 1024], 1);
        LineReader reader = LineReader.lenient(in, 1024);
        assertThatThrownBy(reader::readLine).isInstanceOf(FrameTooLongException.class);
        // It stopped reading right after the maximum: the rest was never taken from the stream.
        assertThat(in.consumed()).isEqualTo(1025);
    }

    @Test
    void iterationWrapsErrors() {
        LineReader reader = lenient("far too long\n", 1, 4);
        assertThatThrownBy(() -> reader.forEach(l -> { }))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FrameTooLongException.class);
    }

    @Test
    void neverReadsPastTheLineBreak() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("header\nBINARY".getBytes());
        assertThat(LineReader.strict(in, 100).readLine()).isEqualTo("header");
        assertThat(new String(in.readAllBytes())).isEqualTo("BINARY");
    }

    @Test
    void rejectsANonPositiveMaximum() {
        assertThatThrownBy(() -> LineReader.lenient(new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLength");
    }
}
