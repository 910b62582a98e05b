package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LengthFieldProtocolExampleTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(String text) {
        return HEX.formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void answersEachQueryWhateverTheChunking() throws Exception {
        try (Server server = LengthFieldProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // Query "select 1" (4 + 8 + 1 = 13 bytes counted) one byte per write, then a second
            // query and Terminate in a single write.
            for (byte b : HEX.parseHex("51" + "0000000d" + hex("select 1") + "00")) {
                conn.send(new byte[] {b});
            }
            conn.send(HEX.parseHex("51" + "00000010" + hex(" begin work") + "00" + "58" + "00000004"));
            received.awaitEnd();
            assertThat(HEX.formatHex(received.bytes())).isEqualTo(
                    "43" + "0000000b" + hex("SELECT") + "00" + "5a" + "00000005" + "49"
                    + "43" + "0000000a" + hex("BEGIN") + "00" + "5a" + "00000005" + "49");
        }
    }

    @Test
    void anUnknownMessageTypeGetsAnErrorResponseAndTheConnectionCloses() throws Exception {
        try (Server server = LengthFieldProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            conn.send(HEX.parseHex("50" + "00000004"));
            received.awaitEnd();
            String fields = hex("SERROR") + "00" + hex("C08P01") + "00" + hex("Munexpected message type P") + "00" + "00";
            assertThat(HEX.formatHex(received.bytes())).isEqualTo("45" + "%08x".formatted(4 + fields.length() / 2) + fields);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00010005",  // 65,537 bytes of body: one over the maximum
            "ffffffff",  // negative
            "00000003"}) // less than the 4 bytes the length counts
    void aBadLengthEndsTheConnectionBeforeAnyBodyIsRead(String length) throws Exception {
        try (Server server = LengthFieldProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            conn.send(HEX.parseHex("51" + length));
            received.awaitEnd();
            assertThat(received.bytes()).isEmpty();
            try {
                conn.send(new byte[16]);
            } catch (IOException expected) {
                // the server has closed
            }
        }
    }

    @Test
    void clientPrintsTheAnswerToEachQuery() throws Exception {
        Transcript out = new Transcript();
        try (Server server = LengthFieldProtocol.start(Endpoint.tcp("127.0.0.1", 0))) {
            Async.run(() -> LengthFieldProtocol.run(server.endpoint(), out.printStream(), "select 1", "insert into t values (1)"))
                    .get(10, TimeUnit.SECONDS);
        }
        assertThat(out.text()).isEqualTo("select 1 -> C SELECT\ninsert into t values (1) -> C INSERT\n");
    }
}
