package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.Joke;
import dev.netkit.services.Jokes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KnockKnockExampleTest {

    private static final Joke LADY = Jokes.CLASSIC.get(2);

    @Test
    void serverTellsARandomClassicJokeByteForByteAndThenCloses() throws Exception {
        try (Server server = KnockKnockServer.start(Endpoint.tcp("127.0.0.1", 0), Jokes.CLASSIC);
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            assertThat(received.awaitContains(">> ")).isEqualTo("Knock knock!\r\n>> ");
            conn.send("WHO'S THERE?\r\n");
            String text = received.awaitCount(">> ", 2);
            String who = text.substring("Knock knock!\r\n>> ".length(), text.length() - "\r\n>> ".length());
            Joke joke = Jokes.CLASSIC.stream().filter(j -> j.who().equals(who)).findFirst().orElseThrow();
            conn.send("Who?\n");
            conn.send(who.toLowerCase(Locale.ROOT) + " who?\n");
            assertThat(received.awaitEnd()).isEqualTo("Knock knock!\r\n>> " + who + "\r\n>> "
                    + "Please type \"" + who + " who?\".\r\n>> " + joke.punchline() + "\r\n");
        }
    }

    @Test
    void clientPipesAllOfStandardInputAndExitsWhenTheServerCloses() throws Exception {
        try (Server server = KnockKnockServer.start(Endpoint.tcp("127.0.0.1", 0), List.of(LADY))) {
            Transcript out = new Transcript();
            byte[] typed = "Who's there?\nA little old lady who?\n".getBytes(StandardCharsets.UTF_8);
            // All input at once, then its end: the half-close still lets the server answer both lines.
            Async.run(() -> KnockKnockClient.run(server.endpoint(), new ByteArrayInputStream(typed), out))
                    .get(10, TimeUnit.SECONDS);
            assertThat(out.text()).isEqualTo("Knock knock!\r\n>> A little old lady\r\n>> "
                    + "Wow, I didn't know you could yodel!\r\n");
        }
    }

    @Test
    void clientRelaysEachPromptAtOnceForSomeoneTyping(@TempDir Path dir) throws Exception {
        try (Server server = KnockKnockServer.start(Endpoint.unix(dir.resolve("knock.sock")), Jokes.CLASSIC);
             PipedOutputStream keyboard = new PipedOutputStream();
             PipedInputStream stdin = new PipedInputStream(keyboard)) {
            Transcript out = new Transcript();
            CompletableFuture<Void> client = Async.run(() -> KnockKnockClient.run(server.endpoint(), stdin, out));
            out.awaitContains("Knock knock!\r\n>> ");
            type(keyboard, "Who's there?\n");
            String text = out.awaitCount(">> ", 2);
            String who = text.substring("Knock knock!\r\n>> ".length(), text.length() - "\r\n>> ".length());
            type(keyboard, who + " who?\n");
            client.get(10, TimeUnit.SECONDS);
            Joke joke = Jokes.CLASSIC.stream().filter(j -> j.who().equals(who)).findFirst().orElseThrow();
            assertThat(out.text()).endsWith(">> " + joke.punchline() + "\r\n");
        }
    }

    private static void type(PipedOutputStream keyboard, String line) throws Exception {
        keyboard.write(line.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }
}
