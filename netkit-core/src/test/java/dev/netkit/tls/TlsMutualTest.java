package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Mutual TLS: a netkit server asking netkit clients for certificates. */
class TlsMutualTest {

    private static final TestPki PKI = TestPki.shared();

    private final AtomicInteger served = new AtomicInteger();

    private Server server(ClientAuth mode) throws IOException {
        ServerTls tls = ServerTls.builder(KeyMaterial.fromPem(PKI.file("server-cert.pem"), PKI.file("server-key.pem")))
                .clientAuth(mode, PKI.file("ca-cert.pem")).build();
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls)
                .handler(c -> {
                    served.incrementAndGet();
                    for (String line : c.lines()) {
                        c.send("echo " + line + "\n");
                    }
                })
                .start();
    }

    private static ClientTls client(String certificate) {
        ClientTls.Builder builder = ClientTls.builder().trust(PKI.file("ca-cert.pem"));
        if (certificate != null) {
            builder.clientCertificate(PKI.file(certificate + "-cert.pem"), PKI.file(certificate + "-key.pem"));
        }
        return builder.build();
    }

    /**
     * The reply to one line, or the failure. With TLS 1.3 the client's handshake is over before the
     * server has looked at its certificate, so a refusal may surface at connect or at the first read.
     */
    private static String exchange(Server server, ClientTls tls) {
        try (Connection conn = Client.connect(server.endpoint(), tls)) {
            conn.send("hello\n");
            return new String(conn.input().readNBytes(11), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    @Test
    void requiredRefusesAClientWithoutCertificate() throws Exception {
        try (Server server = server(ClientAuth.REQUIRE)) {
            assertThat(exchange(server, client(null))).isNotEqualTo("echo hello\n");
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void requiredRefusesAnUntrustedCertificate() throws Exception {
        try (Server server = server(ClientAuth.REQUIRE)) {
            assertThat(exchange(server, client("rogue-client"))).isNotEqualTo("echo hello\n");
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void requiredAcceptsATrustedCertificate() throws Exception {
        try (Server server = server(ClientAuth.REQUIRE)) {
            assertThat(exchange(server, client("client"))).isEqualTo("echo hello\n");
            assertThat(served).hasValue(1);
        }
    }

    @Test
    void theHandlerSeesTheClientsVerifiedCertificate() throws Exception {
        java.util.concurrent.CompletableFuture<String> subject = new java.util.concurrent.CompletableFuture<>();
        ServerTls tls = ServerTls.builder(KeyMaterial.fromPem(PKI.file("server-cert.pem"), PKI.file("server-key.pem")))
                .clientAuth(ClientAuth.REQUIRE, PKI.file("ca-cert.pem")).build();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls)
                .handler(c -> {
                    javax.net.ssl.SSLSession session = c.tlsSession().orElseThrow();
                    subject.complete(session.getProtocol() + " "
                            + ((java.security.cert.X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
                    c.send("ok\n");
                }).start();
             Connection conn = Client.connect(server.endpoint(), client("client"))) {
            assertThat(new String(conn.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
            assertThat(conn.tlsSession()).isPresent();
            assertThat(subject.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("TLSv1.3 CN=");
        }
    }

    @Test
    void requestedServesAClientWithoutCertificate() throws Exception {
        try (Server server = server(ClientAuth.REQUEST)) {
            assertThat(exchange(server, client(null))).isEqualTo("echo hello\n");
            assertThat(served).hasValue(1);
        }
    }

    /**
     * The JDK's client only presents a certificate whose issuer the server names as acceptable, so
     * the netkit client above never even sends the rogue certificate; openssl sends it regardless.
     */
    @Test
    void anUntrustedCertificateThatIsPresentedIsRefusedRequiredOrRequested() throws Exception {
        for (ClientAuth mode : new ClientAuth[] {ClientAuth.REQUIRE, ClientAuth.REQUEST}) {
            try (Server server = server(mode);
                 OpenSsl.Session client = OpenSsl.start(PKI.dir, "s_client", "-connect", "127.0.0.1:" + server.port(),
                         "-CAfile", "ca-cert.pem", "-servername", "localhost", "-brief",
                         "-cert", "rogue-client-cert.pem", "-key", "rogue-client-key.pem")) {
                client.send("hello\n");
                client.waitFor(Duration.ofSeconds(15));
                assertThat(client.output()).as(mode.name()).doesNotContain("echo hello");
            }
        }
        assertThat(served).hasValue(0);
    }
}
