package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DelimitedProtocolExampleTest {

    @Test
    void answersEachFrameWhateverTheChunking() throws Exception {
        try (Server server = DelimitedProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // CONNECT one byte per write; then a heart-beat line, a SEND with CRLF line breaks
            // that asks for a receipt, and a DISCONNECT, all in one write.
            for (byte b : "CONNECT\naccept-version:1.2\nhost:example\n\n\0".getBytes(StandardCharsets.UTF_8)) {
                conn.send(new byte[] {b});
            }
            conn.send("\nSEND\r\ndestination:/queue/a\r\nreceipt:77\r\n\r\nhello, ✓\0DISCONNECT\nreceipt:78\n\n\0");
            assertThat(received.awaitEnd()).isEqualTo("CONNECTED\nversion:1.2\n\n\0"
                    + "MESSAGE\ndestination:/queue/a\nmessage-id:1\n\nhello, ✓\0"
                    + "RECEIPT\nreceipt-id:77\n\n\0"
                    + "RECEIPT\nreceipt-id:78\n\n\0");
        }
    }

    @Test
    void anUnknownCommandGetsAnErrorAndTheConnectionCloses() throws Exception {
        try (Server server = DelimitedProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            conn.send("DANCE\n\n\0");
            assertThat(received.awaitEnd()).isEqualTo("ERROR\nmessage:unknown command DANCE\n\n\0");
        }
    }

    @Test
    void aFrameOverTheMaximumGetsAnErrorBeforeItsEndArrives() throws Exception {
        try (Server server = DelimitedProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // No NUL is ever sent: the server answers once 64 KiB and one byte have come (all
            // that is sent, so that the server closes with nothing unread).
            String head = "SEND\ndestination:/a\n\n";
            conn.send(head + "x".repeat(DelimitedProtocol.MAX_FRAME + 1 - head.length()));
            assertThat(received.awaitEnd()).isEqualTo("ERROR\nmessage:frame too long\n\n\0");
            try {
                conn.send(new byte[16]);
            } catch (IOException expected) {
                // the server has closed
            }
        }
    }
}
