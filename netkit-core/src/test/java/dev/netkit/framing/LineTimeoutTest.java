package dev.netkit.framing;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LineReader#lineTimeout}: a peer that trickles bytes and never ends a line (slowloris) is
 * closed once its line has taken too long; a peer that sends lines, however far apart, is not.
 */
class LineTimeoutTest {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Logger connectionLog = Logger.getLogger("dev.netkit.connection");
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        connectionLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        connectionLog.removeHandler(capture);
    }

    /** Echoes lines of at most 100 bytes (an overlong one is skipped); how the handler ended goes to {@code ended}. */
    private static Server echo(Duration lineTimeout, CompletableFuture<Throwable> ended) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
            LineReader lines = LineReader.lenient(c.input(), 100).lineTimeout(lineTimeout);
            try {
                while (true) {
                    String line;
                    try {
                        line = lines.readLine();
                    } catch (FrameTooLongException e) {
                        continue;
                    }
                    if (line == null) {
                        break;
                    }
                    c.send("echo " + line + "\n");
                }
                ended.complete(null);
            } catch (IOException e) {
                ended.complete(e);
                throw e;
            }
        }).start();
    }

    private static Socket connect(Server server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Writes one byte every 200 ms until the socket fails or {@code WAIT} passes. */
    private static Thread trickle(Socket socket) {
        return Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                long end = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < end) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server (or the test): the trickle ends
            }
        });
    }

    /** Reads until end of stream or reset; returns how long it took. */
    private static Duration readToEnd(Socket socket) {
        long start = System.nanoTime();
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the server says nothing to a line that never ends
            }
        } catch (IOException reset) {
            // a reset is an end too
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aPeerTricklingALineThatNeverEndsIsClosedWithOneLogLine() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        try (Server server = echo(LINE_TIMEOUT, ended); Socket socket = connect(server)) {
            Thread writer = trickle(socket);
            Duration took = readToEnd(socket);
            assertThat(took).isBetween(LINE_TIMEOUT.minusMillis(100), LINE_TIMEOUT.multipliedBy(3));
            assertThat(ended.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(LineTimeoutException.class)
                    .hasMessage("line not finished within 1 s");
            writer.join(WAIT);
            String closed = "closed 127.0.0.1:" + socket.getLocalPort() + " ";
            awaitLogLine(closed);
            assertThat(logLines).filteredOn(l -> l.contains(closed)).singleElement().asString()
                    .doesNotContain("\n").endsWith("(protocol error: line not finished within 1 s)");
        }
    }

    @Test
    void theRestOfAnOverlongLineHasTheSameDeadline() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        try (Server server = echo(LINE_TIMEOUT, ended); Socket socket = connect(server)) {
            socket.getOutputStream().write("y".repeat(150).getBytes(StandardCharsets.US_ASCII));
            Thread writer = trickle(socket);
            Duration took = readToEnd(socket);
            assertThat(took).isBetween(LINE_TIMEOUT.minusMillis(100), LINE_TIMEOUT.multipliedBy(3));
            assertThat(ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(LineTimeoutException.class);
            writer.join(WAIT);
        }
    }

    /**
     * Lines far apart (the wait for a line's first byte is the idle timeout's business, not this),
     * and a line in pieces that together take less than the timeout: all echoed.
     */
    @Test
    void linesSentNormallyAreUnaffected() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        try (Server server = echo(LINE_TIMEOUT, ended); Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("one\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo one");
            Thread.sleep(LINE_TIMEOUT.multipliedBy(3).dividedBy(2));
            out.write("two\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo two");
            for (String piece : List.of("th", "re", "e\n")) {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(300);
            }
            assertThat(in.readLine()).isEqualTo("echo three");
            // Past the first piece's deadline: each line has its own.
            out.write("fo".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(600);
            out.write("ur\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("echo four");
            socket.shutdownOutput();
            assertThat(in.readLine()).isNull();
            assertThat(ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
            String closed = "closed 127.0.0.1:" + socket.getLocalPort() + " ";
            assertThat(logLines).noneMatch(l -> l.contains(closed) && l.contains("line not finished"));
        }
    }

    @Test
    void withoutATimeoutNothingIsArmedAndTheDefaultIsNone() throws IOException {
        LineReader reader = LineReader.lenient(new ByteArrayInputStream("a\nb".getBytes(StandardCharsets.US_ASCII)), 10);
        assertThat(reader.lineTimeout()).isZero();
        assertThat(reader.readLine()).isEqualTo("a");
        assertThat(reader.readLine()).isEqualTo("b");
        assertThat(reader.readLine()).isNull();
        assertThatThrownBy(() -> reader.lineTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStrictReaderWhoseStreamEndsInTimeStillSaysTruncated() {
        LineReader reader = LineReader.strict(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), 10)
                .lineTimeout(LINE_TIMEOUT);
        assertThatThrownBy(reader::readLine).isInstanceOf(EOFException.class);
    }

    private void awaitLogLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (logLines.stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with '" + text + "'; saw " + logLines);
            }
            Thread.sleep(10);
        }
    }
}
