package dev.netkit.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that one thread writes and any thread reads: the writer publishes each new value with
 * release semantics and readers read it with acquire, so a worker's hot path never locks, and
 * never contends with the thread that samples it.
 */
final class Counter {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long value;

    /** Adds {@code n}; from the writing thread only. */
    void add(long n) {
        VALUE.setRelease(this, value + n);
    }

    long get() {
        return (long) VALUE.getAcquire(this);
    }
}
