package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import dev.netkit.framing.LineHandler;
import dev.netkit.framing.LineReader;
import dev.netkit.testing.Inbox;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LineReader#resumeOnLines} on epoll, where a connection waits for its next line without a
 * thread: each quiet spell ends the turn, and the next line runs on a new one.
 */
class EpollResumableLinesTest {

    @Test
    void aQuietConnectionHoldsNoThreadBetweenLinesAndEndsOnceWhenItTimesOut() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Thread> endedOn = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        LineHandler lines = new LineHandler() {
            @Override
            public boolean line(Connection c, String line) throws IOException {
                threads.add(Thread.currentThread());
                c.send("> " + line + "\n");
                return true;
            }

            @Override
            public void ended(Connection c) {
                endedOn.add(Thread.currentThread());
                ended.countDown();
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .idleTimeout(Duration.ofSeconds(3))  // ample on a loaded machine; the pauses below are short
                .handler(c -> {
                    c.send("hello\n");
                    LineReader.lenient(c.input(), 64).lineTimeout(Duration.ofSeconds(5)).resumeOnLines(c, lines);
                }).start();
             Connection c = Client.builder().transport(TransportType.EPOLL).connect(server.endpoint())) {
            Inbox inbox = new Inbox(c);
            assertThat(inbox.next()).isEqualTo("hello");
            c.send("fir");
            Thread.sleep(150);   // the line waits half-read, without a thread
            c.send("st\n");
            assertThat(inbox.next()).isEqualTo("> first");
            Thread.sleep(150);
            c.send("second\n");
            assertThat(inbox.next()).isEqualTo("> second");
            assertThat(threads).hasSize(2);
            assertThat(threads.get(0)).isNotSameAs(threads.get(1));
            assertThat(threads.get(0).isAlive()).as("the first turn's thread ended with its turn").isFalse();
            inbox.awaitEnd();  // quiet past the idle timeout: closed while it waited
            assertThat(ended.await(Inbox.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            assertThat(endedOn).hasSize(1);
        }
    }
}
