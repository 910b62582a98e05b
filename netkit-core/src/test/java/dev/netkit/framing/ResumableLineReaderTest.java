package dev.netkit.framing;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.internal.ChannelConnection;
import dev.netkit.testing.Inbox;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LineReader} read resumably, one turn per arrival: the same lines, errors and ends as
 * reading blocking, whatever the cuts between turns; and {@link LineReader#resumeOnLines} on a
 * server.
 */
class ResumableLineReaderTest {

    /** Each result, as {@code ConnectionLineReaderTest} records them, read one turn per channel read. */
    private static List<String> resumableOutcomes(LineReader reader, int limit) {
        List<String> out = new ArrayList<>();
        for (int turn = 0; turn < 10_000 && out.size() < limit; turn++) {
            reader.startTurn();
            while (out.size() < limit) {
                try {
                    String line = reader.readArrived();
                    if (line == LineReader.NOT_YET) {
                        break;
                    }
                    if (line == null) {
                        out.add("end");
                        return out;
                    }
                    out.add("line:" + line);
                } catch (IOException e) {
                    out.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static List<String> blockingOutcomes(LineReader reader, int limit) {
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
    void turnByTurnGivesWhatBlockingReadsGiveWhereverTheTurnsAreCut() {
        // As ConnectionLineReaderTest: line breaks, lone CRs, UTF-8 and the maximum meet at every
        // kind of place; here each of the channel's reads is one turn, so a line (or the skipped
        // rest of one too long) is left half read between turns.
        byte[] alphabet = {'a', 'b', '\r', '\n', '\r', '\n', (byte) 0xC3, (byte) 0xA9, 0x0B, (byte) 0x8A};
        Random random = new Random(11);
        for (int round = 0; round < 3000; round++) {
            byte[] wire = new byte[random.nextInt(40)];
            for (int i = 0; i < wire.length; i++) {
                wire[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int[] chunks = random.ints(1 + random.nextInt(4), 1, 10).toArray();
            boolean strict = random.nextBoolean();
            int max = 1 + random.nextInt(10);
            List<String> expected = blockingOutcomes(reader(new ByteArrayInputStream(wire), strict, max), 100);
            InputStream in = new ChannelConnection(new MemoryChannel(wire, chunks)).input();
            assertThat(resumableOutcomes(reader(in, strict, max), 100))
                    .as("round %d, strict %s, max %d", round, strict, max).isEqualTo(expected);
        }
    }

    @Test
    void aTurnReadsTheChannelOnceAndKeepsTheLineThatHasBegun() throws IOException {
        InputStream in = new ChannelConnection(new MemoryChannel("hel".getBytes(), 3, 4)).input();
        LineReader reader = LineReader.lenient(in, 64);
        reader.startTurn();
        assertThat(reader.readArrived()).isSameAs(LineReader.NOT_YET);
        assertThat(reader.readArrived()).as("no second read in the same turn").isSameAs(LineReader.NOT_YET);
        reader.startTurn();
        assertThat(reader.readArrived()).isEqualTo("hel"); // the stream ended: a lenient last line
        reader.startTurn();
        assertThat(reader.readArrived()).isNull();
    }

    @Test
    void resumeOnLinesNeedsTheConnectionsOwnInput() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> { }).start();
             Connection c = Client.connect(server.endpoint())) {
            LineReader other = LineReader.lenient(new ByteArrayInputStream(new byte[0]), 10);
            assertThatThrownBy(() -> other.resumeOnLines(c, (conn, line) -> true))
                    .isInstanceOf(IllegalArgumentException.class);
            LineReader own = LineReader.lenient(c.input(), 10);
            assertThatThrownBy(() -> own.resumeOnLines(c, (conn, line) -> true))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aServerTakesLinesTurnByTurnAndEndsOnceWhenTheIdleTimeoutCloses() throws Exception {
        AtomicInteger ended = new AtomicInteger();
        CountDownLatch endedLatch = new CountDownLatch(1);
        LineHandler echo = new LineHandler() {
            @Override
            public boolean line(Connection c, String line) throws IOException {
                c.send("> " + line + "\n");
                return true;
            }

            @Override
            public boolean tooLong(Connection c, FrameTooLongException e) throws IOException {
                c.send("too long\n");
                return true;
            }

            @Override
            public void ended(Connection c) {
                ended.incrementAndGet();
                endedLatch.countDown();
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).idleTimeout(Duration.ofSeconds(3))
                .handler(c -> LineReader.lenient(c.input(), 8).resumeOnLines(c, echo)).start();
             Connection c = Client.connect(server.endpoint())) {
            Inbox inbox = new Inbox(c);
            c.send("one\ntw");
            assertThat(inbox.next()).isEqualTo("> one");
            Thread.sleep(100);
            c.send("o\r");
            Thread.sleep(100);
            c.send("\nmuch too long\nthree\n");
            assertThat(inbox.next()).isEqualTo("> two");
            assertThat(inbox.next()).isEqualTo("too long");
            assertThat(inbox.next()).isEqualTo("> three");
            inbox.awaitEnd(); // quiet: the idle timeout closes it
            assertThat(endedLatch.await(Inbox.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(ended).hasValue(1);
        }
    }
}
