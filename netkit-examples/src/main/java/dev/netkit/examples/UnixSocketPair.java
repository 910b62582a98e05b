package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.LineReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Node.js tour's "Unix Domain Sockets": a server listening on a path and a client connecting to
 * the same path, in one program. The code is the TCP code; only the {@link Endpoint} differs.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.UnixSocketPair [PATH]   (default: my.sock in the temporary directory)
 * </pre>
 *
 * The server greets each client by the line it sends. It creates the socket file, removes it when
 * it stops, and replaces a stale one left by a crash, but never one a live server still answers on.
 */
public final class UnixSocketPair {

    private UnixSocketPair() {
    }

    public static void main(String... args) throws IOException {
        Path path = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"), "my.sock");
        run(path, System.out);
    }

    /** Starts the server on {@code path}, has one client talk to it, then stops the server. */
    public static void run(Path path, PrintStream out) throws IOException {
        try (Server server = start(Endpoint.unix(path))) {
            out.println("Server listening on " + server.endpoint());
            try (Connection conn = Client.connect(Endpoint.unix(path))) {
                conn.send("Unix client\n");
                for (String line : conn.lines()) {
                    out.println("Server says: " + line);
                }
            }
        }
        out.println("Connection closed");
    }

    public static Server start(Endpoint endpoint) throws IOException {
        return Server.builder().listen(endpoint).handler(conn -> {
            String name = LineReader.lenient(conn.input(), 256).readLine();
            if (name != null) {
                conn.send("Hello, " + name + "!\n");
            }
        }).start();
    }
}
