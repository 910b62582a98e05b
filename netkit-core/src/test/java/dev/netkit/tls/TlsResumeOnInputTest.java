package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** resumeOnInput under TLS falls back to the same thread; bytes must be right. */
class TlsResumeOnInputTest {

    private static final TestPki PKI = TestPki.shared();

    static final ConnectionHandler RELAY = new ConnectionHandler() {
        @Override
        public void handle(Connection c) throws IOException {
            if (c.transferAvailableTo(c.output()) >= 0) {
                c.resumeOnInput(this);
            }
        }
    };

    @Test
    void burstsOverTlsOnTcp() throws Exception {
        bursts(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void burstsOverTlsOnUnix(@TempDir Path socketDir) throws Exception {
        bursts(Endpoint.unix(socketDir.resolve("r.sock")));
    }

    private static void bursts(Endpoint endpoint) throws Exception {
        try (Server server = Server.builder().listen(endpoint).tls(PKI.serverTls())
                .handler(c -> c.resumeOnInput(RELAY)).start();
             Connection client = Client.connect(server.endpoint(), PKI.clientTls())) {
            for (int i = 0; i < 20; i++) {
                String burst = "burst " + i + "\n";
                client.send(burst);
                assertThat(new String(client.input().readNBytes(burst.length()), StandardCharsets.UTF_8)).isEqualTo(burst);
            }
            client.shutdownOutput();
            assertThat(client.input().read()).isEqualTo(-1);
        }
    }
}
