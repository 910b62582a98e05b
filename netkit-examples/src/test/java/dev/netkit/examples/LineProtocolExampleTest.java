package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LineProtocolExampleTest {

    @Test
    void answersEachCommandWithOneLine() throws Exception {
        try (Server server = LineProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // Pipelined in one write, LF and CRLF mixed: replies come back in order.
            conn.send("SET greeting hello  world\nGET greeting\r\nget nothing\nDEL greeting\nDEL greeting\n"
                    + "GET greeting\nSET lonely\nDANCE\n\nQUIT\nGET never-read\n");
            assertThat(received.awaitEnd()).isEqualTo("OK\nVALUE hello  world\nNOT_FOUND\nDELETED\nNOT_FOUND\n"
                    + "NOT_FOUND\nERROR unknown command\nERROR unknown command\nERROR unknown command\nBYE\n");
        }
    }

    @Test
    void aTooLongLineIsRefusedAndTheConnectionCarriesOn() throws Exception {
        try (Server server = LineProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            conn.send("SET big " + "x".repeat(100_000) + "\nSET small ok\nGET small\n");
            conn.shutdownOutput();
            assertThat(received.awaitEnd()).isEqualTo("ERROR line too long\nOK\nVALUE ok\n");
        }
    }

    @Test
    void clientsShareOneStore() throws Exception {
        try (Server server = LineProtocol.start(Endpoint.tcp("127.0.0.1", 0));
             Connection writer = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint());
             Connection reader = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript written = Transcript.of(writer.input());
            Transcript read = Transcript.of(reader.input());
            writer.send("SET shared 42\n");
            written.awaitContains("OK\n");
            reader.send("GET shared\n");
            assertThat(read.awaitContains("\n")).isEqualTo("VALUE 42\n");
        }
    }
}
