package dev.netkit.services;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.framing.FrameTooLongException;
import dev.netkit.framing.LineReader;

import java.io.IOException;

/**
 * Node.js's echo server example: {@code Welcome to echo server!\n}, then {@code Echo: <line>\n} for each
 * line (LF or CRLF; a last line without a line break is echoed too). A line over
 * {@link #MAX_LINE} bytes ends the connection with a message. {@link #raw()} is RFC 862 echo
 * instead: every byte back, nothing added.
 */
public final class EchoService implements ConnectionHandler {

    /** The echo server's usual port. */
    public static final int DEFAULT_PORT = 8080;
    /** The longest line echoed. */
    public static final int MAX_LINE = 64 * 1024;

    /** Relays what has arrived, then waits for more without holding a thread. */
    private static final ConnectionHandler RELAY = new ConnectionHandler() {
        @Override
        public void handle(Connection connection) throws IOException {
            if (connection.transferAvailableTo(connection.output()) >= 0) {
                connection.resumeOnInput(this);
            }
        }
    };
    /** The client speaks first: until it does, the connection holds no thread either. */
    private static final ConnectionHandler RAW = ConnectionHandler.onInput(RELAY);

    /**
     * RFC 862: every byte back as it arrives, through the connection's own read buffer. Between
     * bursts a connection holds no thread and no buffer ({@link Connection#resumeOnInput}).
     */
    public static ConnectionHandler raw() {
        return RAW;
    }

    @Override
    public void handle(Connection connection) throws Exception {
        connection.send("Welcome to echo server!\n");
        LineReader lines = LineReader.lenient(connection.input(), MAX_LINE);
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                connection.send("Echo: " + line + "\n");
            }
        } catch (FrameTooLongException e) {
            connection.send("Error: " + e.getMessage() + "\n");
        }
    }
}
