package dev.netkit.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action at a deadline, on a platform thread of its own: how a selector thread, whose
 * {@code select} only takes whole milliseconds, gets woken within the timer's slack (tens of
 * microseconds on Linux) of when its next message is due.
 *
 * <p>Threading: {@link #set} and {@link #close} are for any thread; the action runs on the
 * alarm's thread, once per deadline reached.
 */
final class Alarm implements AutoCloseable {

    private static final long NONE = Long.MAX_VALUE;

    private final Runnable action;
    private final AtomicLong deadline = new AtomicLong(NONE);
    private final Thread thread;
    private volatile boolean closed;

    Alarm(String name, Runnable action) {
        this.action = action;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Rings at {@code at} ({@code System.nanoTime()} terms), instead of the deadline set before; never: {@link Long#MAX_VALUE}. */
    void set(long at) {
        long before = deadline.getAndSet(at);
        if (at < before) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closed) {
            long at = deadline.get();
            long wait = at == NONE ? NONE : at - System.nanoTime();
            if (wait == NONE) {
                LockSupport.park(this);
            } else if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else if (deadline.compareAndSet(at, NONE)) {
                action.run();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(thread);
        thread.join();
    }
}
