package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * {@code netkit connect} over TCP or a Unix socket: the input to the connection and the connection
 * to the output, byte for byte, each read passed on at once. When the input ends the connection's
 * output side is half-closed, and the relay goes on until the server closes.
 * {@link UdpLineClient} is its counterpart for UDP.
 *
 * <p>Threads: a daemon thread reads the input and sends; the calling thread receives and writes
 * the output.
 */
final class StreamRelay {

    private static final int BUFFER_SIZE = 16 * 1024;

    private StreamRelay() {
    }

    /**
     * Relays until the server closes the connection or the output is gone.
     *
     * @param conn the open connection; the caller closes it
     * @param input what to send
     * @param output where what the server sends is written
     * @param crlf whether to send each line feed of the input not already after a carriage
     *             return as CRLF
     * @throws IOException when receiving fails (the server reset the connection, say)
     */
    static void run(Connection conn, InputStream input, PrintStream output, boolean crlf) throws IOException {
        Thread upstream = Thread.ofPlatform().daemon().name("netkit-stdin").start(() -> send(input, conn, crlf));
        try {
            receive(conn.input(), output);
        } finally {
            upstream.interrupt();
        }
    }

    /** The connection to the output until the peer closes, or the output is gone. */
    static void receive(InputStream in, PrintStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
            if (out.checkError()) {
                return; // standard output is gone (`| head`): nobody is left to read for
            }
        }
    }

    /** The input to the connection; at its end, half-close so the server sees end of stream. */
    private static void send(InputStream input, Connection conn, boolean crlf) {
        byte[] buffer = new byte[BUFFER_SIZE];
        byte[] translated = crlf ? new byte[buffer.length * 2] : null;
        boolean lastWasCr = false;
        try {
            int n;
            while ((n = input.read(buffer)) >= 0) {
                if (!crlf) {
                    conn.output().write(buffer, 0, n);
                } else {
                    int m = 0;
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n' && !lastWasCr) {
                            translated[m++] = '\r';
                        }
                        translated[m++] = b;
                        lastWasCr = b == '\r';
                    }
                    conn.output().write(translated, 0, m);
                }
                conn.flush();
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            // The server closed or reset: the receiving side reports how it ended.
        }
    }
}
