package dev.netkit.group;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of a {@link ConnectionGroup}: its bounded queue and the virtual thread that
 * drains it.
 *
 * <p>Threading: {@link #offer} runs on broadcasting threads, {@link #stop} on any thread, and
 * {@link #run} on the member's own writer thread. The lock guards the queue only; no I/O happens
 * under it, so a broadcaster waits at most for another thread's append or batch hand-over.
 */
final class Member implements Runnable {

    /** The result of offering a message to the queue. */
    enum Offer { QUEUED, STARTED_DROPPING, OVER_LIMIT, GONE }

    // A writer takes at most this much per flush: enough to turn many small messages into one
    // system call, little enough that a batch stuck on a slow socket holds little memory.
    static final int BATCH_MESSAGES = 64;
    static final int BATCH_BYTES = 64 * 1024;

    private final ConnectionGroup group;
    private final GroupCounters counters;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean gone;
    // DROP_OLDEST: messages lost since the queue was last empty, for the "caught up" log line.
    private long droppedSinceCaughtUp;

    Member(ConnectionGroup group, GroupCounters counters, Connection connection) {
        this.group = group;
        this.counters = counters;
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Starts the writer, a virtual thread named after the group and the connection. */
    void start() {
        Thread.ofVirtual().name(group.name() + "-writer-" + connection.id()).start(this);
    }

    /** Appends {@code payload} (shared, never copied) under the group's limit and policy. */
    Offer offer(byte[] payload) {
        lock.lock();
        try {
            if (gone) {
                return Offer.GONE;
            }
            boolean started = false;
            if (overLimit(payload.length)) {
                if (group.policy() == SlowConsumerPolicy.DISCONNECT) {
                    return Offer.OVER_LIMIT;
                }
                while (overLimit(payload.length)) {
                    byte[] oldest = queue.pollFirst();
                    queuedBytes -= oldest.length;
                    counters.queued(-1);
                    counters.dropped();
                    started |= droppedSinceCaughtUp++ == 0;
                }
            }
            queue.addLast(payload);
            queuedBytes += payload.length;
            counters.queued(1);
            counters.observeQueue(queue.size(), queuedBytes);
            if (queue.size() == 1) {
                // the writer waits only on an empty queue
                notEmpty.signal();
            }
            return started ? Offer.STARTED_DROPPING : Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    // An empty queue takes any message, even one larger than the byte limit: otherwise a single
    // large message would count every member as slow.
    private boolean overLimit(int length) {
        return !queue.isEmpty()
                && (queue.size() >= group.maxQueuedMessages() || queuedBytes + length > group.maxQueuedBytes());
    }

    /**
     * Ends membership: discards the queue and lets the writer finish after its current batch.
     *
     * @return the messages dropped since the member last caught up, or -1 when already stopped
     */
    long stop() {
        lock.lock();
        try {
            if (gone) {
                return -1;
            }
            gone = true;
            counters.queued(-queue.size());
            queue.clear();
            queuedBytes = 0;
            notEmpty.signal();
            return droppedSinceCaughtUp;
        } finally {
            lock.unlock();
        }
    }

    /** The writer: takes a batch, writes each message into the connection's buffer, flushes once. */
    @Override
    public void run() {
        List<byte[]> batch = new ArrayList<>();
        OutputStream out = connection.output();
        try {
            while (take(batch)) {
                for (byte[] payload : batch) {
                    out.write(payload);
                }
                out.flush();
                counters.delivered(batch.size());
                batch.clear();
            }
        } catch (IOException | RuntimeException e) {
            group.writeFailed(this, e);
        }
    }

    /** Waits for messages and moves a batch into {@code batch}; false once the member is gone. */
    private boolean take(List<byte[]> batch) {
        while (true) {
            long lost;
            lock.lock();
            try {
                if (gone) {
                    return false;
                }
                if (!queue.isEmpty()) {
                    moveBatch(batch);
                    return true;
                }
                lost = droppedSinceCaughtUp;
                droppedSinceCaughtUp = 0;
                if (lost == 0) {
                    notEmpty.awaitUninterruptibly();
                    continue;
                }
            } finally {
                lock.unlock();
            }
            // outside the lock: logging may block, broadcasters must not wait for it
            group.caughtUp(this, lost);
        }
    }

    private void moveBatch(List<byte[]> batch) {
        long bytes = 0;
        do {
            byte[] payload = queue.pollFirst();
            batch.add(payload);
            bytes += payload.length;
        } while (!queue.isEmpty() && batch.size() < BATCH_MESSAGES
                && bytes + queue.peekFirst().length <= BATCH_BYTES);
        queuedBytes -= bytes;
        counters.queued(-batch.size());
    }
}
