package dev.netkit.framing;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;

/**
 * The turns of {@link LineReader#resumeOnLines}: each reads the lines that have arrived and hands
 * them to the {@link LineHandler}, then leaves the connection waiting for more without a thread.
 *
 * <p>Threading: one turn at a time, each on the thread the server gives it.
 */
final class LineTurns implements ConnectionHandler {

    private final LineReader reader;
    private final LineHandler handler;
    private boolean ended;

    LineTurns(LineReader reader, LineHandler handler) {
        this.reader = reader;
        this.handler = handler;
    }

    @Override
    public void handle(Connection connection) throws Exception {
        reader.startTurn();
        try {
            if (readArrived(connection)) {
                connection.resumeOnInput(this);
            } else {
                end(connection);
            }
        } catch (Throwable t) {
            try {
                end(connection);
            } catch (Throwable again) {
                t.addSuppressed(again);
            }
            throw t;
        }
    }

    /** Hands over the lines that have arrived; false when the lines are over. */
    private boolean readArrived(Connection connection) throws Exception {
        while (true) {
            String line;
            try {
                line = reader.readArrived();
            } catch (FrameTooLongException e) {
                if (handler.tooLong(connection, e)) {
                    continue;
                }
                return false;
            }
            if (line == LineReader.NOT_YET) {
                return true;
            }
            if (line == null || !handler.line(connection, line)) {
                return false;
            }
        }
    }

    /** Ends the handler; when the line timeout closed the connection, says so (the server logs it as the reason). */
    @Override
    public void closedWhileWaiting(Connection connection) throws Exception {
        end(connection);
        if (reader.timedOut()) {
            throw new LineTimeoutException(reader.lineTimeout());
        }
    }

    private void end(Connection connection) throws Exception {
        if (!ended) {
            ended = true;
            handler.ended(connection);
        }
    }
}
