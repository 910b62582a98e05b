package dev.netkit.tls;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code openssl s_client} against a netkit TLS server that echoes lines until "bye". */
class TlsOpenSslClientTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final TestPki PKI = TestPki.shared();

    private static Server echoServer(ConnectionHandler handler) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(PKI.serverTls()).handler(handler).start();
    }

    private static void echoLines(Connection c) throws IOException {
        for (String line : c.lines()) {
            if (line.equals("bye")) {
                return;
            }
            c.send("echo " + line + "\n");
        }
    }

    private static OpenSsl.Session sClient(Server server, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + server.port(),
                "-CAfile", "ca-cert.pem", "-servername", "localhost", "-verify_hostname", "localhost",
                "-verify_return_error", "-brief"));
        args.addAll(List.of(options));
        return OpenSsl.start(PKI.dir, args.toArray(String[]::new));
    }

    private static void talks(String protocolOption, String protocolName) throws Exception {
        try (Server server = echoServer(TlsOpenSslClientTest::echoLines);
             OpenSsl.Session client = sClient(server, protocolOption)) {
            client.send("hello\n");
            String output = client.await("echo hello", WAIT);
            client.send("bye\n");
            assertThat(client.waitFor(WAIT)).isZero();
            assertThat(output).contains("Protocol version: " + protocolName).contains("Verification: OK");
        }
    }

    @Test
    void tls13Negotiates() throws Exception {
        talks("-tls1_3", "TLSv1.3");
    }

    @Test
    void tls12Negotiates() throws Exception {
        talks("-tls1_2", "TLSv1.2");
    }

    @Test
    void tls11IsRefused() throws Exception {
        try (Server server = echoServer(TlsOpenSslClientTest::echoLines);
             // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so the refusal is the server's.
             OpenSsl.Session client = sClient(server, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
            client.send("hello\n");
            assertThat(client.waitFor(WAIT)).isNotZero();
            assertThat(client.output()).doesNotContain("CONNECTION ESTABLISHED").doesNotContain("echo hello");
        }
    }

    /** TLS 1.2 with an AEAD suite only: the test key is EC, so these are the ECDHE-ECDSA ones. */
    @Test
    void tls12AeadSuitesNegotiate() throws Exception {
        for (String suite : List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305")) {
            try (Server server = echoServer(TlsOpenSslClientTest::echoLines);
                 OpenSsl.Session client = sClient(server, "-tls1_2", "-cipher", suite)) {
                client.send("hello\n");
                String output = client.await("echo hello", WAIT);
                client.send("bye\n");
                assertThat(client.waitFor(WAIT)).isZero();
                assertThat(output).contains("Ciphersuite: " + suite);
            }
        }
    }

    /**
     * A client offering only CBC suites (MAC-then-encrypt, open to Lucky Thirteen timing) finds no
     * suite in common, with or without SHA-1 and at any security level.
     */
    @Test
    void tls12CbcSuitesAreRefused() throws Exception {
        String cbc = "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA";
        try (Server server = echoServer(TlsOpenSslClientTest::echoLines);
             OpenSsl.Session client = sClient(server, "-tls1_2", "-cipher", cbc + ":@SECLEVEL=0")) {
            client.send("hello\nbye\n"); // were a connection made, "bye" would end it at once
            assertThat(client.waitFor(WAIT)).isNotZero();
            // The server's alert: no suite in common (the output is collected as it comes).
            assertThat(client.await("handshake failure", WAIT))
                    .doesNotContain("CONNECTION ESTABLISHED").doesNotContain("echo hello");
        }
    }

    @Test
    void theServerAcceptsAeadSuitesOnly() {
        assertThat(PKI.serverTls().newEngine().getEnabledCipherSuites())
                .isNotEmpty()
                .allSatisfy(suite -> assertThat(suite).doesNotContain("_CBC_").doesNotContain("_WITH_NULL_")
                        .doesNotStartWith("TLS_RSA_").doesNotStartWith("TLS_DHE_"))
                .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void aTls13KeyUpdateIsAnswered() throws Exception {
        try (Server server = echoServer(TlsOpenSslClientTest::echoLines);
             OpenSsl.Session client = sClient(server, "-tls1_3", "-msg")) {
            client.send("hello\n");
            client.await("echo hello", WAIT);
            client.send("K\n"); // s_client: send a KeyUpdate that asks the server to update too ("k" does not ask)
            client.await("KEYUPDATE", WAIT);
            client.send("again\n");
            String output = client.await("echo again", WAIT);
            // -msg traces every message: the server's own KeyUpdate came back before the echo.
            assertThat(output.substring(output.indexOf("KEYUPDATE"))).contains("<<< TLS 1.3, Handshake [length 0005], KeyUpdate");
            client.send("bye\n");
            assertThat(client.waitFor(WAIT)).isZero();
        }
    }

    /**
     * A KeyUpdate arriving while another thread streams to the peer: whichever side holds the
     * write lock when the engine owes the answer sends it, and the stream goes on.
     */
    @Test
    void aKeyUpdateIsAnsweredWhileAnotherThreadWrites() throws Exception {
        int lines = 3000;
        try (Server server = echoServer(c -> {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < lines; i++) {
                            c.send("line " + i + "\n");
                        }
                    } catch (IOException ignored) {
                        // the test fails on the missing lines
                    }
                });
                echoLines(c);
                writer.join(WAIT);
            });
             OpenSsl.Session client = sClient(server, "-tls1_3", "-msg")) {
            client.await("line 0\n", WAIT);
            client.send("K\n");
            client.await("KEYUPDATE", WAIT);
            client.await("line " + (lines - 1) + "\n", WAIT);
            // The writer may finish before the KeyUpdate is read: the answer then follows the stream.
            String output = client.await("<<< TLS 1.3, Handshake [length 0005], KeyUpdate", WAIT);
            assertThat(output.indexOf("<<< TLS 1.3, Handshake [length 0005], KeyUpdate")).isGreaterThan(output.indexOf("KEYUPDATE"));
            client.send("bye\n");
            assertThat(client.waitFor(WAIT)).isZero();
        }
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        try (Server server = echoServer(c -> {
                try {
                    echoLines(c);
                    ended.complete(null);
                } catch (UncheckedIOException e) { // lines() wraps what reading throws
                    ended.complete(e.getCause());
                } catch (IOException | RuntimeException e) {
                    ended.complete(e);
                }
            });
             OpenSsl.Session client = sClient(server, "-tls1_2")) {
            client.send("hello\n");
            client.await("echo hello", WAIT);
            client.send("R\n"); // s_client: renegotiate
            Throwable failure = ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(SSLException.class).hasMessageContaining("renegotiation refused");
            client.waitFor(WAIT);
            assertThat(client.output()).doesNotContain("echo R");
        }
    }
}
