package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.LineReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastExampleTest {

    @Test
    void eachLineReachesEveryClientTheSenderIncluded() throws Exception {
        try (Server server = BroadcastExample.start(Endpoint.tcp("127.0.0.1", 0));
             Connection alice = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            LineReader toAlice = LineReader.lenient(alice.input(), 1024);
            // A client's own line comes back once its handler has joined the group (it joins
            // before reading): after that, nothing broadcast can miss it.
            alice.send("alice here\n");
            assertThat(next(toAlice)).isEqualTo("alice here");
            try (Connection bob = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
                LineReader toBob = LineReader.lenient(bob.input(), 1024);
                bob.send("bob here\n");
                assertThat(next(toBob)).isEqualTo("bob here");
                assertThat(next(toAlice)).isEqualTo("bob here");
                alice.send("hello from alice\n");
                assertThat(next(toAlice)).isEqualTo("hello from alice");
                assertThat(next(toBob)).isEqualTo("hello from alice");
            }
            // bob has gone: broadcasting goes on for those left
            alice.send("anyone?\n");
            assertThat(next(toAlice)).isEqualTo("anyone?");
        }
    }

    private static String next(LineReader reader) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }
}
