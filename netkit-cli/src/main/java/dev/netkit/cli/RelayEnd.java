package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One opened side of a relay ({@link RelayPump}): bytes to read, a place to write them, and a way
 * to say that no more will come.
 *
 * <p>Threads: one thread reads and another writes; {@link #close()} from any thread.
 */
interface RelayEnd extends AutoCloseable {

    /** What this side sends; -1 when it has ended. */
    InputStream input();

    /** Where the other side's bytes go; the relay flushes after each read it passes on. */
    OutputStream output();

    /** Tells this side that the other has ended (a TCP FIN, the end of a program's input). */
    void shutdownOutput() throws IOException;

    /** Closes this side, waking a thread blocked on it where it can. Never throws. */
    @Override
    void close();

    /** The connection behind this side, for a relay that the library can run (and splice). */
    default Optional<Connection> connection() {
        return Optional.empty();
    }

    /**
     * Whether the relay is over already, before both directions have ended: standard input may
     * never end, and a program that has exited reads nothing more.
     *
     * @param inputEnded whether this side's input has ended
     * @param outputEnded whether this side's output has been shut down
     */
    default boolean overEarly(boolean inputEnded, boolean outputEnded) {
        return false;
    }

    /** A connection (TCP, Unix socket, TLS) as a side of a relay. */
    record OfConnection(Connection conn) implements RelayEnd {

        @Override
        public InputStream input() {
            return conn.input();
        }

        @Override
        public OutputStream output() {
            return conn.output();
        }

        @Override
        public void shutdownOutput() throws IOException {
            conn.shutdownOutput();
        }

        @Override
        public void close() {
            conn.close();
        }

        @Override
        public Optional<Connection> connection() {
            return Optional.of(conn);
        }
    }
}
