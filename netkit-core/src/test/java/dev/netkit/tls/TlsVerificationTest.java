package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The netkit client against {@code openssl s_server -rev} (it sends each line back reversed). */
class TlsVerificationTest {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT \\S+:(\\d+)");

    private static final TestPki PKI = TestPki.shared();

    /** Starts s_server with the key pair {@code name}, serving one connection; returns it and its port. */
    private static OpenSsl.Session sServer(String name, String... extra) throws Exception {
        String[] args = {"s_server", "-accept", "127.0.0.1:0", "-cert", name + "-cert.pem", "-key", name + "-key.pem",
                "-rev", "-naccept", "1"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return OpenSsl.start(PKI.dir, all);
    }

    private static int port(OpenSsl.Session server) throws InterruptedException {
        Matcher m = ACCEPT.matcher(server.await("ACCEPT", Duration.ofSeconds(10)));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String exchange(Endpoint endpoint, ClientTls tls) throws Exception {
        try (Connection conn = Client.connect(endpoint, tls)) {
            conn.send("hello\n");
            byte[] reply = conn.input().readNBytes(6);
            return new String(reply, StandardCharsets.UTF_8);
        }
    }

    @Test
    void aVerifiedClientTalksToOpensslServer() throws Exception {
        try (OpenSsl.Session server = sServer("server")) {
            assertThat(exchange(Endpoint.tcp("localhost", port(server)), PKI.clientTls())).isEqualTo("olleh\n");
        }
    }

    @Test
    void aVerifiedClientTalksTls12ToOpensslServer() throws Exception {
        try (OpenSsl.Session server = sServer("server", "-tls1_2")) {
            assertThat(exchange(Endpoint.tcp("127.0.0.1", port(server)), PKI.clientTls())).isEqualTo("olleh\n");
        }
    }

    @Test
    void theServerNameIsSentAsSni() throws Exception {
        // s_server presents -cert2 (for localhost) only to a client whose SNI names -servername;
        // without SNI the client would get the other.example certificate and refuse it.
        try (OpenSsl.Session server = sServer("other", "-servername", "localhost",
                "-cert2", "server-cert.pem", "-key2", "server-key.pem")) {
            assertThat(exchange(Endpoint.tcp("localhost", port(server)), PKI.clientTls())).isEqualTo("olleh\n");
        }
    }

    @Test
    void aHostNameMismatchIsRefusedWithItsOwnReason() throws Exception {
        try (OpenSsl.Session server = sServer("other")) {
            Throwable failure = catchThrowable(() -> exchange(Endpoint.tcp("localhost", port(server)), PKI.clientTls()));
            assertThat(failure).isInstanceOf(SSLHandshakeException.class);
            assertThat(TlsErrors.reason(failure)).isEqualTo(TlsErrors.Reason.HOST_NAME_MISMATCH);
            assertThat(TlsErrors.describe(failure))
                    .isEqualTo("host name mismatch: the server's certificate is for other.example, not for localhost");
        }
    }

    @Test
    void anUnknownCaIsRefusedWithItsOwnReason() throws Exception {
        try (OpenSsl.Session server = sServer("server")) {
            ClientTls systemTrust = ClientTls.systemDefault();
            Throwable failure = catchThrowable(() -> exchange(Endpoint.tcp("localhost", port(server)), systemTrust));
            assertThat(failure).isInstanceOf(SSLHandshakeException.class);
            assertThat(TlsErrors.reason(failure)).isEqualTo(TlsErrors.Reason.UNTRUSTED_ISSUER);
            assertThat(TlsErrors.describe(failure)).startsWith("untrusted issuer: ");
        }
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsOwnReason() throws Exception {
        try (OpenSsl.Session server = sServer("expired")) {
            Throwable failure = catchThrowable(() -> exchange(Endpoint.tcp("localhost", port(server)), PKI.clientTls()));
            assertThat(failure).isInstanceOf(SSLHandshakeException.class);
            assertThat(TlsErrors.reason(failure)).isEqualTo(TlsErrors.Reason.EXPIRED);
            assertThat(TlsErrors.describe(failure)).startsWith("certificate expired: CN=localhost is valid from ");
        }
    }

    @Test
    void insecureConnectsToAnExpiredCertificateForAnotherHost() throws Exception {
        try (OpenSsl.Session server = sServer("expired")) {
            ClientTls insecure = ClientTls.builder().insecure().serverName("not.this.host").build();
            assertThat(exchange(Endpoint.tcp("127.0.0.1", port(server)), insecure)).isEqualTo("olleh\n");
        }
    }

    @Test
    void theDescriptionsDiffer() {
        assertThat(TlsErrors.Reason.values()).doesNotHaveDuplicates();
        assertThat(TlsErrors.describe(new SSLHandshakeException("Received fatal alert: certificate_required")))
                .isEqualTo("TLS handshake failed: Received fatal alert: certificate_required");
    }
}
