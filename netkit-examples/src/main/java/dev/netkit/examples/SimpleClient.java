package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Node.js tour's "Simple Client Example": connects, sends {@code Hello from client!\n}, prints
 * each chunk from the server as {@code Server says: ...}, and {@code Connection closed} when the
 * server has ended the connection.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.SimpleClient [HOST:PORT | unix:PATH]   (default localhost:6789)
 * </pre>
 *
 * The Node.js tour's {@code 'error'} event is an exception here: a refused connection ends {@code
 * main} with a {@link java.net.ConnectException} that names the address.
 */
public final class SimpleClient {

    private SimpleClient() {
    }

    public static void main(String... args) throws IOException {
        run(args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp("localhost", 6789), System.out);
    }

    /** Talks to the server at {@code endpoint} and returns once the connection is closed. */
    public static void run(Endpoint endpoint, PrintStream out) throws IOException {
        try (Connection conn = Client.connect(endpoint)) {
            out.println("Connected to server");
            conn.send("Hello from client!\n");
            InputStream in = conn.input();
            byte[] buffer = new byte[8 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.println("Server says: " + new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        }
        // Like Node (allowHalfOpen false), the client closes its side once the server has ended its own.
        out.println("Connection closed");
    }
}
