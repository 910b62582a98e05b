package dev.netkit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of the proxy handshakes that real proxies do not produce on demand: the tunnel's first
 * bytes in the same packet as the proxy's answer, a proxy that never answers, an endless answer.
 * The real proxies (microsocks, tinyproxy, ncat) are driven by the command line's tests.
 */
class ClientProxyTest {

    /** A one-connection proxy stand-in: reads the request head, then writes what {@code answer} makes of it. */
    private static int fakeProxy(ServerSocket listener, Function<String, byte[]> answer) {
        CompletableFuture.runAsync(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                String head = readHead(s.getInputStream());
                byte[] bytes = answer.apply(head);
                if (bytes != null) {
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                }
                s.getInputStream().read(); // until the client closes
            } catch (IOException e) {
                // the client went away
            }
        });
        return listener.getLocalPort();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && head.size() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static ServerSocket listener() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @Test
    void bytesOfTheTunnelThatArriveWithTheAnswerAreNotLost() throws Exception {
        try (ServerSocket listener = listener()) {
            CompletableFuture<String> request = new CompletableFuture<>();
            int port = fakeProxy(listener, head -> {
                request.complete(head);
                return "HTTP/1.1 200 Connection established\r\nVia: test\r\n\r\nbanner from the destination\n"
                        .getBytes(StandardCharsets.US_ASCII);
            });
            Proxy proxy = Proxy.http(Endpoint.tcp("127.0.0.1", port)).credentials("user", "pass");
            try (Connection conn = Client.builder().proxy(proxy).connect(Endpoint.tcp("example.invalid", 443))) {
                assertThat(conn.lines().iterator().next()).isEqualTo("banner from the destination");
            }
            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("CONNECT example.invalid:443 HTTP/1.1\r\n"
                    + "Host: example.invalid:443\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n");
        }
    }

    @Test
    void aProxyThatNeverAnswersTimesOutWithinTheConnectTimeout() throws Exception {
        try (ServerSocket listener = listener()) {
            int port = fakeProxy(listener, head -> null);
            long start = System.nanoTime();
            assertThatThrownBy(() -> Client.builder().timeout(Duration.ofMillis(500))
                    .proxy(Proxy.http(Endpoint.tcp("127.0.0.1", port))).connect(Endpoint.tcp("example.invalid", 80)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("http proxy 127.0.0.1:" + port + " did not open a tunnel to example.invalid:80"
                            + " before the connect timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anEndlessAnswerIsAProtocolError() throws Exception {
        try (ServerSocket listener = listener()) {
            int port = fakeProxy(listener, head -> ("HTTP/1.1 200 OK\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> Client.builder().proxy(Proxy.http(Endpoint.tcp("127.0.0.1", port)))
                    .connect(Endpoint.tcp("example.invalid", 80)))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("response head over 16384 bytes");
        }
    }

    @Test
    void badProxySettingsAreIllegalArguments() {
        Endpoint.Tcp at = Endpoint.tcp("127.0.0.1", 1080);
        assertThatThrownBy(() -> Proxy.socks5(Endpoint.tcp("127.0.0.1", 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proxy.socks4(at).credentials("user", "password"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("SOCKS4 has a user id but no password");
        assertThatThrownBy(() -> new Proxy(Proxy.Type.HTTP, at, "", "secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.builder().proxy(Proxy.socks5(at)).connect(Endpoint.unix(Path.of("x.sock"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Proxy.socks5(at).credentials("me", "secret")).hasToString("socks5 proxy 127.0.0.1:1080");
    }
}
