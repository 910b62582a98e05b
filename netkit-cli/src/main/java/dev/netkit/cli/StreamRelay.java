package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;

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
    /** How long input may still be sent once the peer has ended its side. */
    private static final Duration INPUT_AFTER_PEER_END = Duration.ofMillis(250);

    /** Sees each chunk as it moves ({@code connect -x}); called by the thread that moves it. */
    interface Traffic {
        /** Sees nothing. */
        Traffic NONE = new Traffic() {
            @Override
            public void sent(byte[] bytes, int offset, int length) {
            }

            @Override
            public void received(byte[] bytes, int offset, int length) {
            }
        };

        /** A chunk written to the connection, as it went (after any CRLF translation). */
        void sent(byte[] bytes, int offset, int length);

        /** A chunk read from the connection. */
        void received(byte[] bytes, int offset, int length);
    }

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
        run(conn, input, output, crlf, Traffic.NONE);
    }

    /**
     * As {@link #run(Connection, InputStream, PrintStream, boolean)}, showing {@code traffic} each chunk.
     *
     * @param conn the open connection; the caller closes it
     * @param input what to send
     * @param output where what the server sends is written
     * @param crlf whether to send line feeds as CRLF
     * @param traffic sees each chunk sent and received
     * @throws IOException when receiving fails
     */
    static void run(Connection conn, InputStream input, PrintStream output, boolean crlf, Traffic traffic) throws IOException {
        Thread upstream = Thread.ofPlatform().daemon().name("netkit-stdin").start(() -> send(input, conn, crlf, traffic));
        try {
            receive(conn.input(), output, traffic);
            // The peer ended its side; input already waiting (a pipe that has ended, say) still
            // goes out, briefly, before the relay ends: a half-close must not lose it.
            upstream.join(INPUT_AFTER_PEER_END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            upstream.interrupt();
        }
    }

    /** The connection to the output until the peer closes, or the output is gone. */
    static void receive(InputStream in, PrintStream out) throws IOException {
        receive(in, out, Traffic.NONE);
    }

    /** As {@link #receive(InputStream, PrintStream)}, showing {@code traffic} each chunk. */
    static void receive(InputStream in, PrintStream out, Traffic traffic) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            traffic.received(buffer, 0, n);
            out.write(buffer, 0, n);
            out.flush();
            if (out.checkError()) {
                return; // standard output is gone (`| head`): nobody is left to read for
            }
        }
    }

    /** The input to the connection; at its end, half-close so the server sees end of stream. */
    private static void send(InputStream input, Connection conn, boolean crlf, Traffic traffic) {
        byte[] buffer = new byte[BUFFER_SIZE];
        byte[] translated = crlf ? new byte[buffer.length * 2] : null;
        boolean lastWasCr = false;
        try {
            int n;
            while ((n = input.read(buffer)) >= 0) {
                if (!crlf) {
                    traffic.sent(buffer, 0, n);
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
                    traffic.sent(translated, 0, m);
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
