package dev.netkit.internal;

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
    private List<Runnable> actions = new ArrayList<>(1);

    /** Adds {@code action}: false when the stop has begun already, and the caller must run it itself. */
    boolean add(Runnable action) {
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
    List<Runnable> begin() {
        lock.lock();
        try {
            List<Runnable> taken = actions == null ? List.of() : actions;
            actions = null;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Runs one action; what it throws is logged, not passed on. */
    static void run(Runnable action, long connectionId) {
        try {
            action.run();
        } catch (UncheckedIOException e) {
            ConnectionLog.LOG.log(Level.DEBUG, "#" + connectionId + " stop notice not delivered: "
                    + SocketErrors.describe(e.getCause()));
        } catch (RuntimeException e) {
            ServerCore.LOG.log(Level.WARNING, "#" + connectionId + " an onStop action failed", e);
        }
    }
}
