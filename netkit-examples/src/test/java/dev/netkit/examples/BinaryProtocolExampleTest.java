package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryProtocolExampleTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void answersEachFrameWithItsChecksumWhateverTheChunking() throws Exception {
        try (Server server = BinaryProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // "hello" one byte per write, then an empty frame and "abc" in a single write.
            for (byte b : HEX.parseHex("0000000568656c6c6f")) {
                conn.send(new byte[] {b});
            }
            conn.send(HEX.parseHex("00000000" + "00000003616263"));
            conn.shutdownOutput();
            received.awaitEnd();
            assertThat(HEX.formatHex(received.bytes())).isEqualTo(
                    "00000004" + "3610a686"      // CRC-32 of "hello"
                    + "00000004" + "00000000"    // of nothing
                    + "00000004" + "352441c2");  // of "abc"
        }
    }

    @Test
    void aLengthOverTheMaximumEndsTheConnectionBeforeAnyPayloadIsRead() throws Exception {
        refused("00010001"); // 65,537 bytes: one over the maximum
    }

    @Test
    void aNegativeLengthEndsTheConnection() throws Exception {
        refused("ffffffff");
    }

    private static void refused(String header) throws Exception {
        try (Server server = BinaryProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            conn.send(HEX.parseHex(header));
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
    void clientPrintsTheChecksumOfEachMessage(@TempDir Path dir) throws Exception {
        Transcript out = new Transcript();
        try (Server server = BinaryProtocol.start(Endpoint.unix(dir.resolve("crc.sock")))) {
            Async.run(() -> BinaryProtocol.run(server.endpoint(), out.printStream(), "hello", "", "abc"))
                    .get(10, TimeUnit.SECONDS);
        }
        assertThat(out.text()).isEqualTo("hello -> crc32 3610a686\n -> crc32 00000000\nabc -> crc32 352441c2\n");
    }
}
