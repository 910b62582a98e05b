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
    // Signalled when the writer takes a batch: room for senders waiting on a full queue, and a
    // step towards empty for a member leaving with its queue flushed.
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean gone;
    // Leaving with its queue flushed: takes no more messages, the writer goes on.
    private boolean leaving;
    // The writer holds a batch it has not yet written and flushed.
    private boolean writing;
    // Batches the writer has taken: a sender waiting on a full queue sees the member progress.
    private long batchesTaken;
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

    /** What this member has yet to receive. */
    MemberBacklog backlog() {
        lock.lock();
        try {
            return new MemberBacklog(connection.id(), connection.remoteAddress(), queue.size(), queuedBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Starts the writer, a virtual thread named after the group and the connection. */
    void start() {
        Thread.ofVirtual().name(group.name() + "-writer-" + connection.id()).start(this);
    }

    /**
     * Appends {@code payload} (shared, never copied) under the group's limit and policy. Under
     * {@link SlowConsumerPolicy#DISCONNECT}, a full queue makes the caller wait while the member
     * keeps taking batches; only when it takes none for {@code stallNanos} is it over the limit.
     */
    Offer offer(byte[] payload, long stallNanos) {
        lock.lock();
        try {
            if (gone || leaving) {
                return Offer.GONE;
            }
            boolean started = false;
            if (overLimit(payload.length)) {
                if (group.policy() == SlowConsumerPolicy.DISCONNECT) {
                    if (!awaitRoom(payload.length, stallNanos)) {
                        return Offer.OVER_LIMIT;
                    }
                    if (gone || leaving) {
                        return Offer.GONE;
                    }
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

    /**
     * Waits, holding no I/O, until {@code length} more bytes fit or the member leaves; false when
     * the member's writer took no batch for {@code stallNanos}: it has stopped reading. The
     * caller's interrupt status is kept, not acted on: a sender's interrupt is not the member's
     * fault.
     */
    private boolean awaitRoom(int length, long stallNanos) {
        long seen = batchesTaken;
        long left = stallNanos;
        boolean interrupted = false;
        try {
            while (overLimit(length) && !gone && !leaving) {
                if (left <= 0) {
                    return false;
                }
                try {
                    left = progress.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (batchesTaken != seen) {
                    seen = batchesTaken;
                    left = stallNanos; // it reads on: keep pace with it
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes no more messages and waits until the writer has written and flushed everything queued,
     * for at most {@code timeoutNanos}; true when it has. The member stays in the group meanwhile.
     */
    boolean drain(long timeoutNanos) {
        lock.lock();
        try {
            leaving = true;
            long left = timeoutNanos;
            while (!gone && (writing || !queue.isEmpty())) {
                if (left <= 0) {
                    return false;
                }
                left = progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
            progress.signalAll();
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
                if (writing) {
                    // the previous batch is written and flushed
                    writing = false;
                    progress.signalAll();
                }
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
        writing = true;
        batchesTaken++;
        progress.signalAll();
    }
}
