package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.EchoService;
import dev.netkit.services.Jokes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node.js tour's own programs against the examples, and the examples against them. Only the
 * port number in each script changes: fixed ports would collide when builds run side by side.
 */
class NodeInteropExampleTest {

    @Test
    void nodeKnockKnockClientHearsAJokeFromKnockKnockServer(@TempDir Path dir) throws Exception {
        try (Server server = KnockKnockServer.start(Endpoint.tcp("127.0.0.1", 0), List.of(Jokes.CLASSIC.get(2)));
             NodeProgram client = NodeProgram.start(dir, "knock-knock-client.js", 6789, server.port(), "127.0.0.1")) {
            // All of it typed ahead, then the end of input: the Node.js tour's pipe() half-closes the socket.
            type(client.stdin(), "Who's there?\nA little old lady who?\n");
            client.stdin().close();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.stdout().text()).isEqualTo("Knock knock!\r\n>> A little old lady\r\n>> "
                    + "Wow, I didn't know you could yodel!\r\n");
            assertThat(client.stderrText()).isEmpty();
        }
    }

    @Test
    void nodeEchoClientTalksToEchoServer(@TempDir Path dir) throws Exception {
        Transcript log = new Transcript();
        try (Server server = EchoServer.start(Endpoint.tcp("127.0.0.1", 0), log.printStream());
             NodeProgram client = NodeProgram.start(dir, "echo-client.js", 8080, server.port())) {
            // The Node.js tour's client sends each line as it is typed; wait for each echo like a person would.
            client.stdout().awaitContains("Welcome to echo server!\n");
            type(client.stdin(), "hello\n");
            client.stdout().awaitContains("Echo: hello\n");
            type(client.stdin(), "world\n");
            client.stdout().awaitContains("Echo: world\n");
            // The Node.js tour's client never ends its side; it leaves when the server closes.
            server.stop(Duration.ofMillis(200));
            assertThat(client.awaitExit()).isZero();
            assertThat(client.stdout().text()).isEqualTo("Connected to echo server\nWelcome to echo server!\n"
                    + "Echo: hello\nEcho: world\nConnection closed\n");
        }
        assertThat(log.text()).isEqualTo("Client connected\nClient disconnected\n");
    }

    @Test
    void nodeEchoClientTalksToTheEchoServiceOfServeEcho(@TempDir Path dir) throws Exception {
        // `netkit serve echo` runs EchoService: the Node.js tour's client must see the same bytes from it.
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(new EchoService()).start();
             NodeProgram client = NodeProgram.start(dir, "echo-client.js", 8080, server.port())) {
            client.stdout().awaitContains("Welcome to echo server!\n");
            type(client.stdin(), "hello\n");
            client.stdout().awaitContains("Echo: hello\n");
            server.stop(Duration.ofMillis(200));
            assertThat(client.awaitExit()).isZero();
            assertThat(client.stdout().text())
                    .isEqualTo("Connected to echo server\nWelcome to echo server!\nEcho: hello\nConnection closed\n");
        }
    }

    @Test
    void echoClientTalksToTheNodeEchoServer(@TempDir Path dir) throws Exception {
        int port = freeLoopbackPort();
        try (NodeProgram server = NodeProgram.start(dir, "echo-server.js", 8080, port);
             PipedInputStream stdin = new PipedInputStream()) {
            // Not a resource: closing it is the end of input, a step of the test.
            PipedOutputStream keyboard = new PipedOutputStream(stdin);
            // The Node.js tour's log line names its original port: only the listen() call was changed.
            server.stdout().awaitContains("Echo server listening on port 8080\n");
            Transcript out = new Transcript();
            CompletableFuture<Void> client = Async.run(
                    () -> EchoClient.run(Endpoint.tcp("127.0.0.1", port), stdin, out.printStream()));
            out.awaitContains("Welcome to echo server!\n");
            // The Node.js tour's server echoes each chunk it reads, so send a line only once the last came back.
            type(keyboard, "hello\n");
            out.awaitContains("Echo: hello\n");
            type(keyboard, "world\n");
            out.awaitContains("Echo: world\n");
            keyboard.close();
            client.get(10, TimeUnit.SECONDS);
            assertThat(out.text()).isEqualTo("Connected to echo server\nWelcome to echo server!\n"
                    + "Echo: hello\nEcho: world\nConnection closed\n");
            assertThat(server.stdout().awaitContains("Client disconnected\n"))
                    .isEqualTo("Echo server listening on port 8080\nClient connected\nClient disconnected\n");
        }
    }

    private static void type(OutputStream stdin, String text) throws Exception {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** A port free a moment ago: the Node.js tour's server takes a port number, not 0, so one must be picked. */
    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
