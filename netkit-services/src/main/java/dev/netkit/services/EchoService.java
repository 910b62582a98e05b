package dev.netkit.services;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.framing.FrameTooLongException;
import dev.netkit.framing.LineHandler;
import dev.netkit.framing.LineReader;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Node.js's echo server example: {@code Welcome to echo server!\n}, then {@code Echo: <line>\n} for each
 * line (LF or CRLF; a last line without a line break is echoed too). A line over
 * {@link #MAX_LINE} bytes ends the connection with a message; so, without one, does a line not
 * finished within the line timeout once begun ({@link #DEFAULT_LINE_TIMEOUT} by default; see
 * {@link LineReader#lineTimeout(Duration)}). {@link #raw()} is RFC 862 echo instead: every byte
 * back, nothing added.
 */
public final class EchoService implements ConnectionHandler {

    /** The echo server's usual port. */
    public static final int DEFAULT_PORT = 8080;
    /** The longest line echoed. */
    public static final int MAX_LINE = 64 * 1024;
    /**
     * How long a line may take to arrive once begun, by default: ample for a line typed into
     * {@code nc}, which sends it whole, and short enough that peers trickling bytes that never end
     * a line cannot hold the server's connections for long.
     */
    public static final Duration DEFAULT_LINE_TIMEOUT = Duration.ofSeconds(30);

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

    private final Duration lineTimeout;

    /** The echo server with the {@link #DEFAULT_LINE_TIMEOUT}. */
    public EchoService() {
        this(DEFAULT_LINE_TIMEOUT);
    }

    /** The echo server giving each line {@code lineTimeout} to end once begun; zero for no limit. */
    public EchoService(Duration lineTimeout) {
        this.lineTimeout = checkLineTimeout(lineTimeout);
    }

    static Duration checkLineTimeout(Duration lineTimeout) {
        Objects.requireNonNull(lineTimeout, "lineTimeout");
        if (lineTimeout.isNegative()) {
            throw new IllegalArgumentException("lineTimeout must not be negative, got " + lineTimeout);
        }
        return lineTimeout;
    }

    /** Each line back with {@code Echo: }; a line over the maximum ends the connection with a message. */
    private static final LineHandler ECHO_LINES = new LineHandler() {
        @Override
        public boolean line(Connection connection, String line) throws IOException {
            connection.send("Echo: " + line + "\n");
            return true;
        }

        @Override
        public boolean tooLong(Connection connection, FrameTooLongException tooLong) throws IOException {
            connection.send("Error: " + tooLong.getMessage() + "\n");
            return false;
        }
    };

    /** Greets, then echoes each line as it comes, holding no thread while the peer is quiet. */
    @Override
    public void handle(Connection connection) throws Exception {
        connection.send("Welcome to echo server!\n");
        LineReader.lenient(connection.input(), MAX_LINE).lineTimeout(lineTimeout).resumeOnLines(connection, ECHO_LINES);
    }
}
