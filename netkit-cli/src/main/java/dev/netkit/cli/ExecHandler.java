package dev.netkit.cli;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;

import java.lang.System.Logger.Level;

/**
 * {@code listen --exec} and {@code --sh-exec}: each connection gets its own run of the program,
 * with the socket on its standard input and output. A program that cannot start ends that
 * connection with one line saying why; the listener goes on.
 *
 * <p>Threads: {@link #handle} runs on the connection's thread; {@link ChildProcess#relay} adds one.
 */
final class ExecHandler implements ConnectionHandler {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    private final Program program;

    ExecHandler(Program program) {
        this.program = program;
    }

    /**
     * Runs the program for {@code conn} until it exits; stops it if the connection ends first.
     *
     * @throws java.io.IOException when the program cannot start (the server logs the line), or the
     *         peer is gone
     * @throws InterruptedException when the server stops by force
     */
    @Override
    public void handle(Connection conn) throws Exception {
        try (ChildProcess child = ChildProcess.start(program)) {
            LOG.log(Level.DEBUG, "#" + conn.id() + " runs " + child);
            int status = child.relay(conn);
            if (status != 0) {
                LOG.log(Level.INFO, "#" + conn.id() + ": " + child + " exited with status " + status);
            }
        }
    }
}
