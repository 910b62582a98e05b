package dev.netkit.services;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.random.RandomGenerator;

import static dev.netkit.services.ServiceTestSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The line services close a client that trickles a line and never ends it (slowloris), and keep
 * one that sends its lines whole, however slowly it types them.
 */
class LineTimeoutServicesTest {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Sends a byte every 200 ms from after {@code greeting} until the server closes; returns how long that took. */
    private static Duration trickleUntilClosed(ConnectionHandler service, String greeting) throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(service).start();
             Connection c = Client.builder().timeout(WAIT).connect(server.endpoint())) {
            readUntil(c, greeting);
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() - start < WAIT.toNanos()) {
                        c.send("x");
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server: the trickle ends
                }
            });
            InputStream in = c.input();
            try {
                while (in.read() >= 0 && System.nanoTime() - start < WAIT.toNanos()) {
                    // whatever the service says meanwhile (chat's own notices)
                }
            } catch (IOException reset) {
                // closed as well
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            c.abort();
            writer.join(WAIT);
            return took;
        }
    }

    @Test
    void echoClosesATrickler() throws Exception {
        assertThat(trickleUntilClosed(new EchoService(LINE_TIMEOUT), "server!\n"))
                .isBetween(LINE_TIMEOUT.minusMillis(100), LINE_TIMEOUT.multipliedBy(3));
    }

    @Test
    void knockKnockClosesATrickler() throws Exception {
        assertThat(trickleUntilClosed(new KnockKnockService(Jokes.CLASSIC, RandomGenerator.getDefault(), LINE_TIMEOUT), ">> "))
                .isBetween(LINE_TIMEOUT.minusMillis(100), LINE_TIMEOUT.multipliedBy(3));
    }

    @Test
    void chatClosesATrickler() throws Exception {
        assertThat(trickleUntilClosed(new ChatService(LINE_TIMEOUT), "/quit\n"))
                .isBetween(LINE_TIMEOUT.minusMillis(100), LINE_TIMEOUT.multipliedBy(3));
    }

    @Test
    void echoKeepsAClientWhoseLinesComeWholeButSlowly() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(new EchoService(LINE_TIMEOUT)).start();
             Connection c = Client.builder().timeout(WAIT).connect(server.endpoint())) {
            readUntil(c, "server!\n");
            for (String line : new String[] {"first", "second"}) {
                Thread.sleep(LINE_TIMEOUT.toMillis() * 3 / 2); // thinking, longer than the line timeout
                c.send(line.substring(0, 2));
                Thread.sleep(300); // a line in two pieces, well within the timeout
                c.send(line.substring(2) + "\n");
                assertThat(readUntil(c, "\n")).isEqualTo("Echo: " + line + "\n");
            }
        }
    }

    @Test
    void theDefaultIsThirtySecondsAndNegativeIsRefused() {
        assertThat(EchoService.DEFAULT_LINE_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new EchoService(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatService(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
