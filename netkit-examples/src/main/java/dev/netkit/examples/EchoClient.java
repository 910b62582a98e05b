package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Node.js tour's echo "Client" (readline style): prints {@code Connected to echo server}, sends
 * each line typed with {@code \n}, prints whatever the server sends, and {@code Connection closed}
 * at the end.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.EchoClient [HOST:PORT | unix:PATH]   (default localhost:8080)
 * </pre>
 *
 * One difference from the tour's client: when standard input ends (Ctrl-D), this client ends its
 * side of the connection, so the server closes and the client exits. The tour's would wait forever.
 */
public final class EchoClient {

    private EchoClient() {
    }

    public static void main(String... args) throws IOException {
        run(args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp("localhost", 8080), System.in, System.out);
        System.exit(0);
    }

    /** Sends the lines of {@code in}, prints the server's bytes to {@code out}; returns when the server closes. */
    public static void run(Endpoint endpoint, InputStream in, PrintStream out) throws IOException {
        try (Connection conn = Client.connect(endpoint)) {
            out.println("Connected to echo server");
            // A daemon platform thread, as in KnockKnockClient: a read of standard input may never return.
            Thread.ofPlatform().daemon().name("stdin-lines").start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        conn.send(line + "\n");
                    }
                    conn.shutdownOutput();
                } catch (IOException e) {
                    // The server closed first: nothing left to send to.
                }
            });
            InputStream fromServer = conn.input();
            byte[] buffer = new byte[8 * 1024];
            int n;
            while ((n = fromServer.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        out.println("Connection closed");
    }
}
