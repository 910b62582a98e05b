package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The session of docs/tls.md: the Node.js tour's TLS example with a key pair from its openssl command. */
class TlsReadmeSessionTest {

    @Test
    void theNodeTourTlsExampleWorksWithTheDocumentedKeyPair(@TempDir Path dir) throws Exception {
        OpenSsl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "server-key.pem", "-out", "server-cert.pem", "-days", "365",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");

        try (Server server = Server.builder()
                .listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.fromPem(dir.resolve("server-cert.pem"), dir.resolve("server-key.pem")))
                .handler(conn -> conn.send("Secure connection established\n"))
                .start()) {
            ClientTls tls = ClientTls.builder().trust(dir.resolve("server-cert.pem")).build();
            try (Connection conn = Client.connect(Endpoint.tcp("localhost", server.port()), tls)) {
                assertThat(new String(conn.input().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("Secure connection established\n");
            }
            try (OpenSsl.Session client = OpenSsl.start(dir, "s_client", "-connect", "localhost:" + server.port(),
                    "-CAfile", "server-cert.pem", "-verify_return_error", "-brief")) {
                String output = client.await("Secure connection established", Duration.ofSeconds(15));
                assertThat(output).contains("Verification: OK");
                client.input().close();
                client.waitFor(Duration.ofSeconds(15));
            }
        }
    }
}
