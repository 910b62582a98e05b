package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The Node.js tour's "Complete Echo Server Example": {@code Welcome to echo server!\n}, then
 * {@code Echo: <line>\n} for each line, logging {@code Client connected} and
 * {@code Client disconnected}.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.EchoServer [PORT | HOST:PORT | unix:PATH]   (default 8080)
 * </pre>
 *
 * The tour's server echoes each {@code 'data'} chunk; this echoes each line. TCP may split or merge
 * chunks anywhere, so only lines give the same answer every time; for a client that sends whole
 * lines, as the Node.js tour's does, the bytes are the same. {@link dev.netkit.Connection#lines()}
 * caps a line at 8 KiB: a longer one ends the connection instead of filling memory. The Node.js
 * tour's {@code 'error'} handlers are the server's own: it logs what escapes a handler and closes
 * that connection alone.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String... args) throws IOException {
        Endpoint endpoint = args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp(8080);
        Server server = start(endpoint, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Echo server listening on " + server.endpoint());
    }

    /** Starts the server; {@code log} gets the Node.js tour's console lines. */
    public static Server start(Endpoint endpoint, PrintStream log) throws IOException {
        return Server.builder().listen(endpoint).handler(conn -> {
            log.println("Client connected");
            try {
                conn.send("Welcome to echo server!\n");
                for (String line : conn.lines()) {
                    conn.send("Echo: " + line + "\n");
                }
            } finally {
                log.println("Client disconnected");
            }
        }).start();
    }
}
