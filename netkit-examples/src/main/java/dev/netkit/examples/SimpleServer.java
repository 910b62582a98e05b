package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Node.js tour's "Simple Server Example": greets each client with {@code Hello from server!\n},
 * ends its side of the connection (Node's {@code socket.end()}), and logs what the client sends
 * until the client ends too.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.SimpleServer [PORT | HOST:PORT | unix:PATH]   (default 6789)
 * </pre>
 *
 * Each connection runs on its own virtual thread, so the Node.js tour's {@code 'connection'} and
 * {@code 'data'} callbacks become one plain method: write, half-close, read until the end.
 */
public final class SimpleServer {

    private SimpleServer() {
    }

    public static void main(String... args) throws IOException {
        Endpoint endpoint = args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp(6789);
        Server server = start(endpoint, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Server listening on " + server.endpoint());
    }

    /** Starts the server; {@code log} gets the Node.js tour's console lines. */
    public static Server start(Endpoint endpoint, PrintStream log) throws IOException {
        return Server.builder().listen(endpoint).handler(conn -> {
            log.println("Client connected");
            conn.send("Hello from server!\n");
            // The tour's server calls socket.end() right after writing: the server is done talking but still
            // hears the client out, which a half-close allows.
            conn.shutdownOutput();
            InputStream in = conn.input();
            byte[] buffer = new byte[8 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                log.println("Received: " + new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        }).start();
    }
}
