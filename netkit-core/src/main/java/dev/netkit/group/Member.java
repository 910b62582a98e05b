package dev.netkit.group;

import dev.netkit.Connection;
import dev.netkit.internal.ChannelConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of a {@link ConnectionGroup}: its bounded queue and its drain, a virtual thread
 * that writes what is queued and runs only while there is something to write. An idle member
 * holds no thread.
 *
 * <p>The message that enters a queue no drain serves ({@code draining} false) claims the drain and
 * starts its thread; the thread takes batches until it finds the queue empty, and ends. The claim
 * and its release are made under the lock, together with the test of the queue's emptiness, so a
 * message is never left queued with no drain to write it, and two drains never run at once. A
 * member that receives steadily keeps one drain; one that receives now and then starts a short
 * one each time, where a thread of its own would have been woken.
 *
 * <p>Threading: {@link #offer} runs on broadcasting threads, {@link #stop} on any thread, and
 * {@link #run} on the drain's thread. The lock guards the queue and the drain's state only; no
 * I/O happens under it, so a broadcaster waits at most for another thread's append or batch
 * hand-over.
 */
final class Member implements Runnable {

    /** The result of offering a message to the queue. */
    enum Offer { QUEUED, STARTED_DROPPING, OVER_LIMIT, GONE }

    // A drain takes at most this much per flush: enough to turn many small messages into one
    // system call, little enough that a batch stuck on a slow socket holds little memory.
    static final int BATCH_MESSAGES = 64;
    static final int BATCH_BYTES = 64 * 1024;
    // A drain that finds its queue empty yields this many times, looking again after each, before
    // it ends: without a timer, it outlives the short gaps between a busy room's messages.
    static final int LINGER_YIELDS = 2;

    private final ConnectionGroup group;
    private final GroupCounters counters;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    // Signalled when the drain takes a batch: room for senders waiting on a full queue, and a
    // step towards empty for a member leaving with its queue flushed.
    private final Condition progress = lock.newCondition();
    // Small to start, and small again once a drain has emptied it: an idle member's queue is
    // empty, and a deque never shrinks by itself.
    private ArrayDeque<byte[]> queue = new ArrayDeque<>(1);
    // The queue has held more than one message since it was last made small.
    private boolean grown;
    private long queuedBytes;
    private boolean gone;
    // Leaving with its queue flushed: takes no more messages, the drain goes on.
    private boolean leaving;
    // Not yet in the group: messages queue (a greeting) but no drain starts before start().
    private boolean started;
    // A drain is claimed: a thread is writing or about to write this member's queue. Set with the
    // first message that finds none, cleared by the drain when it finds the queue empty.
    private boolean draining;
    // The drain holds a batch it has not yet written and flushed.
    private boolean writing;
    // Batches the drain has taken: a sender waiting on a full queue sees the member progress.
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

    /** Lets the drain run: called once the member is in the group; writes what queued before. */
    void start() {
        lock.lock();
        try {
            started = true;
            if (!claimDrain()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        startThread();
    }

    /**
     * Appends {@code payload} (shared, never copied) under the group's limit and policy. Under
     * {@link SlowConsumerPolicy#DISCONNECT}, a full queue makes the caller wait while the member
     * keeps taking batches; only when it takes none for {@code stallNanos} is it over the limit.
     */
    Offer offer(byte[] payload, long stallNanos) {
        boolean claimed = false;
        lock.lock();
        try {
            if (gone || leaving) {
                return Offer.GONE;
            }
            boolean startedDropping = false;
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
                    startedDropping |= droppedSinceCaughtUp++ == 0;
                }
            }
            queue.addLast(payload);
            queuedBytes += payload.length;
            counters.queued(1);
            counters.observeQueue(queue.size(), queuedBytes);
            grown |= queue.size() > 1;
            claimed = claimDrain();
            return startedDropping ? Offer.STARTED_DROPPING : Offer.QUEUED;
        } finally {
            lock.unlock();
            if (claimed) {
                startThread();
            }
        }
    }

    /** Under the lock: claims the drain when something is queued, none runs and one may; true when claimed. */
    private boolean claimDrain() {
        if (draining || !started || gone || queue.isEmpty()) {
            return false;
        }
        draining = true;
        return true;
    }

    /** After a failed write or a thread that could not start: the drain ends, and the member with it. */
    private void failed(Exception e) {
        group.writeFailed(this, e);
        lock.lock();
        try {
            writing = false;
            draining = false;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the drain's thread, named after the group and the connection. */
    private void startThread() {
        try {
            Thread.ofVirtual().name(group.name() + "-writer-" + connection.id()).start(this);
        } catch (RuntimeException | Error e) {
            // out of memory or threads: this member cannot be written to, the others go on
            failed(e instanceof Exception ex ? ex : new IllegalStateException("cannot start a writer", e));
        }
    }

    /**
     * Waits, holding no I/O, until {@code length} more bytes fit or the member leaves; false when
     * the member's drain took no batch for {@code stallNanos}: it has stopped reading. The
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
     * Takes no more messages and waits until the drain has written and flushed everything queued,
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
     * Ends membership: discards the queue and lets the drain finish after its current batch.
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
            progress.signalAll();
            return droppedSinceCaughtUp;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The drain's thread: takes a batch, writes each message into the connection's buffer and
     * flushes once, until the queue is empty. An empty queue ends it only after it has yielded
     * {@link #LINGER_YIELDS} times in a row and found nothing new: a member that receives steadily
     * keeps its thread instead of starting one per message.
     */
    @Override
    public void run() {
        List<byte[]> batch = new ArrayList<>();
        OutputStream out = connection.output();
        try {
            int idle = 0;
            while (true) {
                Take took = take(batch, idle >= LINGER_YIELDS);
                if (took == Take.ENDED) {
                    break;
                }
                if (took == Take.EMPTY) {
                    idle++;
                    Thread.yield();
                    continue;
                }
                idle = 0;
                for (byte[] payload : batch) {
                    out.write(payload);
                }
                out.flush();
                counters.delivered(batch.size());
                batch.clear();
            }
            if (connection instanceof ChannelConnection c) {
                c.releaseOutput(); // an idle member holds no output buffer either
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** What {@link #take} found. */
    private enum Take { BATCH, EMPTY, ENDED }

    /**
     * Moves a batch into {@code batch}; on an empty queue ends the drain when {@code end} (or the
     * member is gone), else leaves it claimed and says the queue is empty.
     */
    private Take take(List<byte[]> batch, boolean end) {
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
                    draining = false;
                    return Take.ENDED;
                }
                if (!queue.isEmpty()) {
                    moveBatch(batch);
                    return Take.BATCH;
                }
                lost = droppedSinceCaughtUp;
                droppedSinceCaughtUp = 0;
                if (lost == 0) {
                    if (!end) {
                        return Take.EMPTY;
                    }
                    draining = false;
                    if (grown) {
                        grown = false;
                        queue = new ArrayDeque<>(1);
                    }
                    return Take.ENDED;
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
