package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A certificate per server name, chosen by SNI, and ALPN: checked with the real
 * {@code openssl s_client} and with netkit's own client.
 */
class TlsSniTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void keys() throws Exception {
        pki = TestPki.create(dir);
        pki.leaf("ca", "a", "a.test", "DNS:a.test", "serverAuth", 30);
        pki.leaf("ca", "b", "b.test", "DNS:b.test,DNS:www.b.test", "serverAuth", 30);
        pki.leaf("ca", "wild", "wildcard", "DNS:*.wild.test", "serverAuth", 30);
    }

    private static KeyMaterial key(String name) {
        return KeyMaterial.fromPem(pki.file(name + "-cert.pem"), pki.file(name + "-key.pem"));
    }

    /** The server's default is "localhost"; a.test, b.test and *.wild.test have their own. */
    private static ServerTls.Builder threeNames() {
        return ServerTls.builder(key("server")).addCertificate(key("a")).addCertificate(key("b"))
                .addCertificate(key("wild"));
    }

    private static Server serve(ServerTls tls, CompletableFuture<Connection> seen) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls).handler(c -> {
            seen.complete(c);
            c.send("hello from " + c.requestedServerName().orElse("(no name)") + " over "
                    + c.applicationProtocol().orElse("(no protocol)") + "\n");
            c.input().readAllBytes();
        }).start();
    }

    /** What {@code openssl s_client} printed, once the server's greeting arrived. */
    private static String sClient(Server server, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + server.port(),
                "-CAfile", "ca-cert.pem", "-verify_return_error", "-brief"));
        args.addAll(List.of(options));
        try (OpenSsl.Session client = OpenSsl.start(pki.dir, args.toArray(String[]::new))) {
            client.await("hello from", WAIT);
            client.input().close();
            client.waitFor(WAIT);
            return client.output();
        }
    }

    @Test
    void eachNameGetsItsCertificate() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().build(), seen)) {
            String a = sClient(server, "-servername", "a.test", "-verify_hostname", "a.test");
            assertThat(a).contains("Verification: OK").contains("Peer certificate: CN = a.test")
                    .contains("hello from a.test");
            String b = sClient(server, "-servername", "b.test", "-verify_hostname", "b.test");
            assertThat(b).contains("Verification: OK").contains("Peer certificate: CN = b.test")
                    .contains("hello from b.test");
            String secondName = sClient(server, "-servername", "www.b.test", "-verify_hostname", "www.b.test");
            assertThat(secondName).contains("Peer certificate: CN = b.test");
        }
    }

    @Test
    void aWildcardCoversOneLabel() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().build(), seen)) {
            assertThat(sClient(server, "-servername", "x.wild.test", "-verify_hostname", "x.wild.test"))
                    .contains("Verification: OK").contains("Peer certificate: CN = wildcard");
            // Two labels, or the bare parent, are not covered: the default answers.
            assertThat(sClient(server, "-servername", "x.y.wild.test")).contains("Peer certificate: CN = localhost");
            assertThat(sClient(server, "-servername", "wild.test")).contains("Peer certificate: CN = localhost");
        }
    }

    @Test
    void noNameOrAnUnknownNameGetsTheDefault() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().build(), seen)) {
            assertThat(sClient(server, "-noservername")).contains("Peer certificate: CN = localhost")
                    .contains("hello from (no name)");
            assertThat(seen.get(WAIT.toSeconds(), TimeUnit.SECONDS).requestedServerName()).isEmpty();
            assertThat(sClient(server, "-servername", "unknown.test")).contains("Peer certificate: CN = localhost")
                    .contains("hello from unknown.test");
        }
    }

    @Test
    void theJdkClientVerifiesEachName() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().build(), seen)) {
            for (String name : List.of("a.test", "b.test", "q.wild.test", "localhost")) {
                ClientTls tls = ClientTls.builder().trust(pki.file("ca-cert.pem")).serverName(name).build();
                try (Connection c = Client.connect(Endpoint.tcp("127.0.0.1", server.port()), tls)) {
                    assertThat(new String(c.input().readNBytes(("hello from " + name).length()))).isEqualTo("hello from " + name);
                }
            }
        }
    }

    @Test
    void alpnIsNegotiatedWithOpenSsl() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().applicationProtocols("netkit/2", "netkit/1").build(), seen)) {
            String output = sClient(server, "-servername", "a.test", "-alpn", "netkit/1,netkit/2");
            // The server's preference wins.
            assertThat(output).contains("hello from a.test over netkit/2");
            assertThat(seen.get(WAIT.toSeconds(), TimeUnit.SECONDS).applicationProtocol()).contains("netkit/2");
            assertThat(sClient(server, "-servername", "a.test")).contains("over (no protocol)");
        }
    }

    @Test
    void alpnWithNoNameInCommonFailsTheHandshake() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().applicationProtocols("netkit/1").build(), seen);
             OpenSsl.Session client = OpenSsl.start(pki.dir, "s_client", "-connect", "127.0.0.1:" + server.port(),
                     "-CAfile", "ca-cert.pem", "-brief", "-alpn", "h2")) {
            client.input().close();
            assertThat(client.waitFor(WAIT)).isNotZero();
            assertThat(client.output()).contains("no application protocol").doesNotContain("hello from");
        }
    }

    @Test
    void netkitClientAsksForAProtocol() throws Exception {
        CompletableFuture<Connection> seen = new CompletableFuture<>();
        try (Server server = serve(threeNames().applicationProtocols("imap", "pop3").build(), seen)) {
            ClientTls tls = ClientTls.builder().trust(pki.file("ca-cert.pem")).serverName("a.test")
                    .applicationProtocols("pop3").build();
            try (Connection c = Client.connect(Endpoint.tcp("127.0.0.1", server.port()), tls)) {
                assertThat(c.applicationProtocol()).contains("pop3");
                assertThat(c.requestedServerName()).isEmpty(); // a client's own connection
                assertThat(new String(c.input().readNBytes(26))).isEqualTo("hello from a.test over pop");
            }
        }
    }
}
