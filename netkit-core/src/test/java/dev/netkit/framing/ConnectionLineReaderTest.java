package dev.netkit.framing;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.internal.ChannelConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LineReader} over a connection's input, which hands it a line's bytes in one step. */
class ConnectionLineReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream input(MemoryChannel channel) {
        return new ChannelConnection(channel).input();
    }

    /** Each result in turn ("line:...", the exception's type and message, or "end"), until the end. */
    private static List<String> outcomes(LineReader reader, int limit) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            try {
                String line = reader.readLine();
                if (line == null) {
                    out.add("end");
                    return out;
                }
                out.add("line:" + line);
            } catch (IOException e) {
                out.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static LineReader reader(InputStream in, boolean strict, int max) {
        return strict ? LineReader.strict(in, max) : LineReader.lenient(in, max);
    }

    @Test
    void givesTheSameResultsAsAPlainStreamAndLeavesTheSameBytesUnread() throws IOException {
        // LF, CR and a two-byte UTF-8 letter are common, so that line breaks, lone CRs and the
        // maximum meet at every kind of place; the plain stream takes the one-byte-at-a-time path.
        byte[] alphabet = {'a', 'b', '\r', '\n', '\r', '\n', (byte) 0xC3, (byte) 0xA9, 0x0B, (byte) 0x8A};
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            byte[] wire = new byte[random.nextInt(40)];
            for (int i = 0; i < wire.length; i++) {
                wire[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int[] chunks = random.ints(1 + random.nextInt(4), 1, 10).toArray();
            boolean strict = random.nextBoolean();
            int max = 1 + random.nextInt(10);
            String what = "round " + round + ", strict " + strict + ", max " + max;

            List<String> expected = outcomes(reader(new ByteArrayInputStream(wire), strict, max), 100);
            assertThat(outcomes(reader(input(new MemoryChannel(wire, chunks)), strict, max), 100))
                    .as(what).isEqualTo(expected);
            // After each result, the rest of the stream is what the plain path left in it.
            for (int k = 1; k < expected.size(); k++) {
                ByteArrayInputStream plain = new ByteArrayInputStream(wire);
                outcomes(reader(plain, strict, max), k);
                InputStream conn = input(new MemoryChannel(wire, chunks));
                outcomes(reader(conn, strict, max), k);
                assertThat(conn.readAllBytes()).as(what + ", after " + k).isEqualTo(plain.readAllBytes());
            }
        }
    }

    @Test
    void readThroughLfStopsAtTheFirstLfAmongBytesThatDifferFromItByOneBit() throws IOException {
        // The input looks at eight bytes at a time: LF at every place in a word and across words.
        byte[] look = {0x0B, 0x08, 0x09, (byte) 0x8A, 0x0E, 0x00, (byte) 0xFF, 0x2A};
        for (int lf = 0; lf < 40; lf++) {
            byte[] wire = new byte[48];
            for (int i = 0; i < wire.length; i++) {
                wire[i] = look[(i + lf) % look.length];
            }
            wire[lf] = '\n';
            wire[lf + 1 + (lf % 5)] = '\n';
            for (int max = 1; max <= 48; max++) {
                dev.netkit.internal.LineInput in = (dev.netkit.internal.LineInput) input(new MemoryChannel(wire));
                byte[] got = new byte[64];
                int n = in.readThroughLf(got, 3, max);
                assertThat(n).as("LF at " + lf + ", max " + max).isEqualTo(Math.min(lf + 1, max));
                assertThat(java.util.Arrays.copyOfRange(got, 3, 3 + n)).isEqualTo(java.util.Arrays.copyOf(wire, n));
                // The next call goes on from there, up to the second LF.
                int next = in.readThroughLf(got, 0, 64);
                assertThat(n + next).as("LF at " + lf + ", max " + max)
                        .isEqualTo(n < lf + 1 ? lf + 1 : lf + 2 + (lf % 5));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void linesSplitAtEveryPossibleChunkBoundaryComeOutWhole(boolean strict) throws IOException {
        byte[] wire = bytes("first\r\nsecond\n\nthird, a little longer than the others\r\nünïcödé ✓\r\nlast\n");
        List<String> expected = List.of("line:first", "line:second", "line:", "line:third, a little longer than the others",
                "line:ünïcödé ✓", "line:last", "end");
        for (int cut = 0; cut <= wire.length; cut++) {
            assertThat(outcomes(reader(input(MemoryChannel.cutAt(wire, cut)), strict, 64), 20))
                    .as("cut at " + cut).isEqualTo(expected);
        }
        for (int chunk = 1; chunk <= wire.length; chunk++) {
            assertThat(outcomes(reader(input(new MemoryChannel(wire, chunk)), strict, 64), 20))
                    .as("chunks of " + chunk).isEqualTo(expected);
        }
    }

    @Test
    void aCrlfSplitAcrossReadsEndsTheLineAndNothingAfterItIsTaken() throws IOException {
        byte[] wire = bytes("abc\r\ndef\r\nRAW");
        InputStream in = input(new MemoryChannel(wire, 4, 5, 1));
        LineReader reader = LineReader.strict(in, 10);
        assertThat(reader.readLine()).isEqualTo("abc");
        assertThat(reader.readLine()).isEqualTo("def");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("RAW");
    }

    @Test
    void aLoneCrAtTheEndOfARead() throws IOException {
        InputStream in = input(new MemoryChannel(bytes("a\rb\r\r\nc\r"), 2, 2, 1, 1));
        assertThat(outcomes(LineReader.lenient(in, 10), 10)).containsExactly("line:a\rb\r", "line:c\r", "end");
    }

    @Test
    void aLineOfExactlyTheMaximumPassesWithItsCrlfCutAnywhere() throws IOException {
        byte[] wire = bytes("12345\r\n1234\r\r\n");
        for (int cut = 0; cut <= wire.length; cut++) {
            assertThat(outcomes(LineReader.strict(input(MemoryChannel.cutAt(wire, cut)), 5), 10))
                    .as("cut at " + cut).containsExactly("line:12345", "line:1234\r", "end");
        }
    }

    @Test
    void aLineOverTheMaximumFailsAndTheReaderRecoversWithTheNextLine() throws IOException {
        byte[] wire = bytes("ok\r\n123456789\r\n12345\r\r\nnext\r\n");
        for (int chunk = 1; chunk <= wire.length; chunk++) {
            LineReader reader = LineReader.strict(input(new MemoryChannel(wire, chunk)), 5);
            assertThat(reader.readLine()).isEqualTo("ok");
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(reader::readLine)
                        .isInstanceOf(FrameTooLongException.class)
                        .hasMessage("line length over 5 exceeds the maximum of 5 bytes");
            }
            assertThat(reader.readLine()).isEqualTo("next");
            assertThat(reader.readLine()).isNull();
        }
    }

    @Test
    void aLineOverTheMaximumStopsRightAfterTheByteThatPassedIt() throws IOException {
        InputStream in = input(new MemoryChannel(bytes("abcdefgh\nrest"), 3));
        assertThatThrownBy(LineReader.lenient(in, 5)::readLine).isInstanceOf(FrameTooLongException.class);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("gh\nrest");
    }

    @Test
    void longAndShortLinesInAnyOrderComeOutExactly() throws IOException {
        // Long lines keep a grown buffer and short ones after them reuse it, until enough short
        // lines in a row let it go: no line may show another's bytes.
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            int length = random.nextInt(4) == 0 ? 1500 + random.nextInt(3000) : random.nextInt(40);
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < length; j++) {
                line.append((char) ('a' + (i + j) % 26));
            }
            expected.add("line:" + line);
            text.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        expected.add("end");
        for (int chunk : new int[] {1, 7, 512, 100_000}) {
            LineReader reader = LineReader.strict(input(new MemoryChannel(bytes(text.toString()), chunk)), 8192);
            assertThat(outcomes(reader, 300)).as("chunks of " + chunk).isEqualTo(expected);
        }
    }

    @Test
    void theLastLineWithoutALineBreakIsALineWhenLenientAndTruncatedWhenStrict() throws IOException {
        byte[] wire = bytes("one\ntwo");
        assertThat(outcomes(LineReader.lenient(input(new MemoryChannel(wire, 2)), 10), 5))
                .containsExactly("line:one", "line:two", "end");
        LineReader strict = LineReader.strict(input(new MemoryChannel(wire, 2)), 10);
        assertThat(strict.readLine()).isEqualTo("one");
        assertThatThrownBy(strict::readLine).isInstanceOf(EOFException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void linesWrittenInPiecesOverLoopbackComeOutWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            String line = "line " + i + " " + "x".repeat(random.nextInt(3000));
            expected.add(line);
            text.append(line).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        text.append("y".repeat(5000)).append("\r\nafter the long one\r\n");
        byte[] wire = bytes(text.toString());
        CompletableFuture<List<String>> received = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    LineReader reader = LineReader.strict(c.input(), 4096);
                    List<String> lines = new ArrayList<>();
                    try {
                        for (int i = 0; i < expected.size(); i++) {
                            lines.add(reader.readLine());
                        }
                        try {
                            reader.readLine();
                            lines.add("no exception for the long line");
                        } catch (FrameTooLongException e) {
                            lines.add(reader.readLine());
                        }
                        received.complete(lines);
                    } catch (IOException e) {
                        received.completeExceptionally(e);
                    }
                }).start();
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            OutputStream out = conn.output();
            int offset = 0;
            while (offset < wire.length) {
                int n = Math.min(1 + random.nextInt(700), wire.length - offset);
                out.write(wire, offset, n);
                out.flush();
                offset += n;
            }
            List<String> all = new ArrayList<>(expected);
            all.add("after the long one");
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(all);
        }
    }
}
