package dev.netkit.internal;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a connection's handler asked to run when its server begins to stop
 * ({@link dev.netkit.Connection#onStop}). Thread-safe: the handler adds, the stopping thread
 * takes them all once.
 */
final class StopActions {

    private final ReentrantLock lock = new ReentrantLock();
    private List<ConnectionHandler> actions = new ArrayList<>(1);

    /** Adds {@code action}: false when the stop has begun already, and the caller must run it itself. */
    boolean add(ConnectionHandler action) {
        lock.lock();
        try {
            if (actions == null) {
                return false;
            }
            actions.add(action);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the stop as begun and hands over the actions added so far; none the second time. */
    List<ConnectionHandler> begin() {
        lock.lock();
        try {
            List<ConnectionHandler> taken = actions == null ? List.of() : actions;
            actions = null;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one action on {@code connection}; what it throws is logged, not passed on. */
    static void run(ConnectionHandler action, Connection connection) {
        try {
            action.handle(connection);
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            ConnectionLog.LOG.log(Level.DEBUG, "#" + connection.id() + " stop notice not delivered: "
                    + SocketErrors.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ServerCore.LOG.log(Level.WARNING, "#" + connection.id() + " an onStop action failed", e);
        }
    }
}
