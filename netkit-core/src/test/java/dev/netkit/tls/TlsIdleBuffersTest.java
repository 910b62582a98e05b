package dev.netkit.tls;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Eventually;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS connection that waits for input holds none of its inbound packet buffers: a crowd of
 * echo connections, each having carried small and large messages, hands every buffer back while
 * it waits, and carries small and large messages byte for byte again afterwards. The count is
 * {@link InboundBuffers#lent()}; the core suite runs this on NIO, the epoll suite on epoll. The
 * clients are the JDK's own {@code SSLSocket}s, which use none of those buffers.
 *
 * <p>Isolated: the count covers every TLS connection in the process.
 */
@Isolated
class TlsIdleBuffersTest {

    private static final TestPki PKI = TestPki.shared();
    private static final int CONNECTIONS = 40;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void idleConnectionsHoldNoInboundBufferAndCarryTrafficIntactAfterwards() throws Exception {
        long before = InboundBuffers.lent();
        List<SSLSocket> clients = new ArrayList<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(PKI.serverTls())
                .handler(c -> c.input().transferTo(c.output()))
                .start()) {
            SSLContext context = trustingTheTestCa();
            for (int i = 0; i < CONNECTIONS; i++) {
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
                socket.setSoTimeout((int) WAIT.toMillis());
                clients.add(socket);
                exchange(socket, i);
            }
            Eventually.await("every waiting connection to give its inbound buffer back", WAIT,
                    () -> InboundBuffers.lent() == before);

            for (int i = 0; i < CONNECTIONS; i++) {
                exchange(clients.get(i), 1000 + i);
            }
            Eventually.await("the buffers to go back again once the connections wait", WAIT,
                    () -> InboundBuffers.lent() == before);
        } finally {
            for (SSLSocket socket : clients) {
                socket.close();
            }
        }
        assertThat(InboundBuffers.lent()).isEqualTo(before);
    }

    /** A small message, then one of several records, each echoed back exactly. */
    private static void exchange(SSLSocket socket, int seed) throws Exception {
        for (int size : new int[] {1 + seed % 200, 100 * 1024 + seed}) {
            byte[] sent = new byte[size];
            new SplittableRandom(seed).nextBytes(sent);
            OutputStream out = socket.getOutputStream();
            out.write(sent);
            out.flush();
            byte[] received = new byte[size];
            InputStream in = socket.getInputStream();
            new DataInputStream(in).readFully(received);
            assertThat(received).isEqualTo(sent);
        }
    }

    private static SSLContext trustingTheTestCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(PKI.file("ca-cert.pem"))) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
