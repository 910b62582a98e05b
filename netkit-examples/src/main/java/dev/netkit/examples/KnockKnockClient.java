package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Node.js tour's knock-knock "Client Implementation": standard input to the socket, the socket
 * to standard output, and exit when the server closes. Like {@code process.stdin.pipe(socket)}, the
 * end of standard input ends the client's side of the connection (a half-close), so the server
 * still gets to answer.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.KnockKnockClient [HOST:PORT | unix:PATH]   (default localhost:6789)
 * </pre>
 */
public final class KnockKnockClient {

    private KnockKnockClient() {
    }

    public static void main(String... args) throws IOException {
        run(args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp("localhost", 6789), System.in, System.out);
        // The stdin thread may still be blocked in a read; the Node.js tour's process.exit() ends it too.
        System.exit(0);
    }

    /** Pipes {@code in} to the server and the server to {@code out}; returns when the server closes. */
    public static void run(Endpoint endpoint, InputStream in, OutputStream out) throws IOException {
        try (Connection conn = Client.connect(endpoint)) {
            // A read of standard input holds on to its carrier even on a virtual thread, and it may
            // never return: a daemon platform thread of its own keeps it out of everyone's way.
            Thread.ofPlatform().daemon().name("stdin-to-socket").start(() -> {
                try {
                    pipe(in, conn.output());
                    conn.shutdownOutput();
                } catch (IOException e) {
                    // The server closed first: nothing left to send to.
                }
            });
            pipe(conn.input(), out);
        }
    }

    /** Copies until the end of {@code from}, flushing each read so a prompt shows at once. */
    static void pipe(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[8 * 1024];
        int n;
        while ((n = from.read(buffer)) >= 0) {
            to.write(buffer, 0, n);
            to.flush();
        }
    }
}
