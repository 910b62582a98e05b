package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Eventually;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Certificates that change while the server runs: {@link Server#updateTls} and {@link TlsReloader}. */
class TlsReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration PERIOD = Duration.ofMillis(100);

    @TempDir
    static Path keys;

    private static TestPki pki;

    @TempDir
    Path live;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(keys);
        pki.leaf("ca", "a", "a.test", "DNS:a.test", "serverAuth", 30);
        pki.leaf("ca", "b", "b.test", "DNS:b.test", "serverAuth", 30);
    }

    private static Server serve(ServerTls tls) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls).handler(c -> {
            c.send("hi\n");
            c.input().readAllBytes();
        }).start();
    }

    private static ServerTls tls(String name) {
        return ServerTls.fromPem(pki.file(name + "-cert.pem"), pki.file(name + "-key.pem"));
    }

    /** The subject's common name of the certificate a new client is served. */
    private static String served(Server server) throws IOException {
        ClientTls tls = ClientTls.builder().insecure().build();
        try (Connection c = Client.connect(Endpoint.tcp("127.0.0.1", server.port()), tls)) {
            return commonName(c);
        }
    }

    private static String commonName(Connection c) throws IOException {
        X509Certificate leaf = (X509Certificate) c.tlsSession().orElseThrow().getPeerCertificates()[0];
        return leaf.getSubjectX500Principal().getName();
    }

    /** What {@code openssl s_client} is served, to be sure a real client sees the same. */
    private static String servedToOpenSsl(Server server) throws Exception {
        try (OpenSsl.Session client = OpenSsl.start(pki.dir, "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-CAfile", "ca-cert.pem", "-brief", "-verify_return_error")) {
            client.await("hi", WAIT);
            client.input().close();
            client.waitFor(WAIT);
            return client.output();
        }
    }

    private static void awaitServed(Server server, String commonName) {
        Eventually.await("the server to serve " + commonName, WAIT, () -> {
            try {
                return served(server).equals("CN=" + commonName);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void copy(String name, Path cert, Path key) throws IOException {
        Files.copy(pki.file(name + "-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.file(name + "-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void updateTlsServesNewHandshakesAndOpenConnectionsKeepTheirs() throws Exception {
        try (Server server = serve(tls("a"));
             Connection open = Client.connect(Endpoint.tcp("127.0.0.1", server.port()), ClientTls.builder().insecure().build())) {
            assertThat(commonName(open)).isEqualTo("CN=a.test");
            server.updateTls(tls("b"));
            assertThat(served(server)).isEqualTo("CN=b.test");
            assertThat(servedToOpenSsl(server)).contains("Peer certificate: CN = b.test");
            // The connection made before goes on, with the session it had.
            assertThat(new String(open.input().readNBytes(3))).isEqualTo("hi\n");
            assertThat(commonName(open)).isEqualTo("CN=a.test");
        }
    }

    @Test
    void updateTlsNeedsATlsServer() throws Exception {
        try (Server plain = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> { }).start()) {
            assertThatThrownBy(() -> plain.updateTls(tls("a"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without TLS");
        }
    }

    @Test
    void aFileReplacedOnDiskIsServedToTheNextClient() throws Exception {
        Path cert = live.resolve("cert.pem");
        Path key = live.resolve("key.pem");
        copy("a", cert, key);
        try (Server server = serve(ServerTls.fromPem(cert, key));
             TlsReloader reloader = TlsReloader.watch(List.of(cert, key), () -> ServerTls.fromPem(cert, key),
                     server::updateTls, PERIOD)) {
            assertThat(served(server)).isEqualTo("CN=a.test");
            copy("b", cert, key);
            awaitServed(server, "b.test");
            assertThat(servedToOpenSsl(server)).contains("Peer certificate: CN = b.test");
            assertThat(reloader.reloads()).isEqualTo(1);
        }
    }

    /**
     * The layout of a Kubernetes secret volume (cert-manager): the files are links through
     * {@code ..data}, a link to a timestamped directory, replaced atomically by a rename.
     */
    @Test
    void aSymbolicLinkSwapIsServedToTheNextClient() throws Exception {
        Path first = Files.createDirectory(live.resolve("..2026_12_05_first"));
        copy("a", first.resolve("tls.crt"), first.resolve("tls.key"));
        Files.createSymbolicLink(live.resolve("..data"), first.getFileName());
        Path cert = Files.createSymbolicLink(live.resolve("tls.crt"), Path.of("..data", "tls.crt"));
        Path key = Files.createSymbolicLink(live.resolve("tls.key"), Path.of("..data", "tls.key"));
        try (Server server = serve(ServerTls.fromPem(cert, key));
             TlsReloader reloader = TlsReloader.watch(List.of(live), () -> ServerTls.fromPem(cert, key),
                     server::updateTls, PERIOD)) {
            assertThat(served(server)).isEqualTo("CN=a.test");
            Path second = Files.createDirectory(live.resolve("..2026_12_05_second"));
            copy("b", second.resolve("tls.crt"), second.resolve("tls.key"));
            Path next = Files.createSymbolicLink(live.resolve("..data_tmp"), second.getFileName());
            Files.move(next, live.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitServed(server, "b.test");
            assertThat(servedToOpenSsl(server)).contains("Peer certificate: CN = b.test");
            assertThat(reloader.reloads()).isEqualTo(1);
        }
    }

    @Test
    void aCorruptReplacementIsRefusedOnceAndTheOldCertificateStays() throws Exception {
        Path cert = live.resolve("cert.pem");
        Path key = live.resolve("key.pem");
        copy("a", cert, key);
        try (Server server = serve(ServerTls.fromPem(cert, key));
             TlsReloader reloader = TlsReloader.watch(List.of(cert, key), () -> ServerTls.fromPem(cert, key),
                     server::updateTls, PERIOD)) {
            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
            Eventually.await("the corrupt file to be refused", WAIT, () -> reloader.failures() == 1);
            Thread.sleep(PERIOD.multipliedBy(5)); // several more looks at the same content
            assertThat(reloader.failures()).isEqualTo(1);
            assertThat(served(server)).isEqualTo("CN=a.test");
            assertThat(servedToOpenSsl(server)).contains("Peer certificate: CN = a.test");

            // A certificate whose key is another one's is refused too.
            Files.copy(pki.file("b-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Eventually.await("the mismatched key to be refused", WAIT, () -> reloader.failures() == 2);
            assertThat(served(server)).isEqualTo("CN=a.test");

            // Then the right key comes: the pair is served.
            Files.copy(pki.file("b-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            awaitServed(server, "b.test");
            assertThat(reloader.reloads()).isEqualTo(1);
        }
    }
}
