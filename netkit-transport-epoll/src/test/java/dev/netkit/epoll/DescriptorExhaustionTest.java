package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out of descriptors (EMFILE), the server backs off instead of spinning on accept, and serves
 * again once descriptors are free; on both transports, since the accept loop is shared. The server runs in a child JVM limited to 128 descriptors
 * ({@code ulimit -n}), so this JVM's other tests are not starved.
 */
class DescriptorExhaustionTest {

    @ParameterizedTest
    @EnumSource(value = TransportType.class, names = {"NIO", "EPOLL"})
    void acceptBacksOffWhileOutOfDescriptorsAndRecovers(TransportType transport) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n 128 && exec \"$0\" \"$@\"", java.toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ChildServer.class.getName(), transport.name())
                .redirectErrorStream(true)
                .start();
        List<Connection> clients = new ArrayList<>();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            AtomicInteger acceptFailures = new AtomicInteger();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = output.readLine()) != null) {
                        if (line.startsWith("port ")) {
                            port.complete(Integer.parseInt(line.substring(5)));
                        } else if (line.contains("accept failed")) {
                            acceptFailures.incrementAndGet();
                        }
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
                port.complete(-1);
            });
            Endpoint endpoint = Endpoint.tcp("127.0.0.1", port.get(30, TimeUnit.SECONDS));
            // More than the child can hold: the last ones wait in its backlog.
            for (int i = 0; i < 150; i++) {
                clients.add(Client.builder().timeout(Duration.ofSeconds(5)).transport(TransportType.NIO).connect(endpoint));
            }
            dev.netkit.testing.Eventually.await("an accept failure", Duration.ofSeconds(10), () -> acceptFailures.get() > 0);
            // An observation window, not a wait for a condition: failures are counted over 2 s.
            Thread.sleep(Duration.ofSeconds(2));
            // Backing off from 10 ms and doubling: a handful of failures in two seconds, not thousands.
            assertThat(acceptFailures.get()).isLessThan(20);
            clients.forEach(Connection::close);
            clients.clear();
            try (Connection again = Client.builder().timeout(Duration.ofSeconds(5)).transport(TransportType.NIO).connect(endpoint)) {
                again.send("still here\n");
                CompletableFuture<String> echo = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(again.input().readNBytes(11), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return e.toString();
                    }
                });
                assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("still here\n");
            }
        } finally {
            clients.forEach(Connection::close);
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Run in the child JVM: an echo server on the transport named by {@code args[0]} that prints its port. */
    public static final class ChildServer {
        public static void main(String[] args) throws Exception {
            Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.valueOf(args[0]))
                    .handler(c -> c.input().transferTo(c.output()))
                    .start();
            System.out.println("port " + ((Endpoint.Tcp) server.endpoint()).port());
            server.awaitStop();
        }
    }
}
