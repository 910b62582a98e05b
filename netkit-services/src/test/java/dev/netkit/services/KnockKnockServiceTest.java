package dev.netkit.services;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

import static dev.netkit.services.ServiceTestSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

class KnockKnockServiceTest {

    @Test
    void theClassicTranscriptByteForByteWithWrongAnswersAndAnyCase() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(new KnockKnockService(Jokes.CLASSIC, new Fixed(2))).start();
             Connection c = Client.connect(server.endpoint())) {
            assertThat(readUntil(c, ">> ")).isEqualTo("Knock knock!\r\n>> ");
            c.send("Hello?\r\n");
            assertThat(readUntil(c, ">> ")).isEqualTo("Please type \"Who's there?\".\r\n>> ");
            c.send("WHO'S there?\n");
            assertThat(readUntil(c, ">> ")).isEqualTo("A little old lady\r\n>> ");
            c.send("Boo who?\r\n");
            assertThat(readUntil(c, ">> ")).isEqualTo("Please type \"A little old lady who?\".\r\n>> ");
            c.send("a little old lady who?\r\n");
            // The punchline, then the server ends the connection.
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("Wow, I didn't know you could yodel!\r\n");
        }
    }

    @Test
    void everyJokeIsReachable() throws Exception {
        Set<String> heard = new HashSet<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(new KnockKnockService()).start()) {
            // Each try has a 1 in 3 chance per joke: 200 tries miss one with odds below 1e-35.
            for (int i = 0; i < 200 && heard.size() < Jokes.CLASSIC.size(); i++) {
                try (Connection c = Client.connect(server.endpoint())) {
                    readUntil(c, ">> ");
                    c.send("who's there?\n");
                    String who = readUntil(c, ">> ").replace("\r\n>> ", "");
                    c.send(who + " who?\n");
                    String punchline = new String(c.input().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(Jokes.CLASSIC).contains(new dev.netkit.services.Joke(who, punchline.strip()));
                    heard.add(who);
                }
            }
        }
        assertThat(heard).containsExactlyInAnyOrder("Boo", "Lettuce", "A little old lady");
    }

    @Test
    void aTenMebibyteLineEndsThatConnectionWithAMessageAndOthersAreServed() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(new KnockKnockService()).start()) {
            try (Connection flood = Client.connect(server.endpoint())) {
                readUntil(flood, ">> ");
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        byte[] chunk = new byte[64 * 1024];
                        java.util.Arrays.fill(chunk, (byte) 'x');
                        for (int i = 0; i < 160; i++) {
                            flood.output().write(chunk);
                        }
                        flood.flush();
                    } catch (java.io.IOException expected) {
                        // the server hung up mid-flood, as it should
                    }
                });
                assertThat(readUntil(flood, "Bye!\r\n")).contains("Line too long (over 1024 bytes)");
                writer.join(java.time.Duration.ofSeconds(10));
            }
            try (Connection next = Client.connect(server.endpoint())) {
                assertThat(readUntil(next, ">> ")).isEqualTo("Knock knock!\r\n>> ");
            }
        }
    }

    /** Always picks the same joke. */
    private record Fixed(int index) implements RandomGenerator {
        @Override
        public long nextLong() {
            return index;
        }

        @Override
        public int nextInt(int bound) {
            return index;
        }
    }
}
