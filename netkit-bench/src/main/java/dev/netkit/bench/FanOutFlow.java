package dev.netkit.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the fan-out workers share: the phase of the run, how many messages each sender has sent,
 * and how far each worker's members have received each sender's messages. A sender may run at
 * most {@link #window()} messages ahead of the slowest member, wherever that member is, so the
 * server never holds more than {@code senders * window} of the load's lines for any member.
 * Paced ({@code --rate}), each sender's messages fall due on its {@link Cadence} from the moment
 * the run starts; the window then only holds back what a server that falls behind has not
 * delivered yet.
 *
 * <p>Threading: safe for concurrent use. Each worker writes only its own row of receipts; each
 * sender's count is written by the worker that owns the sender.
 */
final class FanOutFlow {

    /** The stages of a run, in order. */
    enum Phase {
        /** Connections being opened: members read and discard. */
        OPENING,
        /** Sender 0 sends probes until every other member has heard one: everyone is in the room. */
        ROLL_CALL,
        /** Senders send as fast as the window allows, or as their messages fall due. */
        RUNNING,
        /** Senders stop; what is in flight arrives. */
        DRAINING
    }

    private final int senders;
    private final int window;
    private final double interval;
    private final int nodes;
    private final long base = System.nanoTime();
    private volatile long origin;
    private final AtomicLongArray received;   // [worker * senders + sender]: messages all its members have
    private final AtomicLongArray sent;
    private final AtomicIntegerArray waiting;  // per worker: a sender of its own is held by the window
    private List<FanOutWorker> workers = List.of();
    private volatile Phase phase = Phase.OPENING;

    /**
     * @param interval nanoseconds between two messages of the whole load (10<sup>9</sup> / rate),
     *                 or 0 for senders that send as fast as the window allows
     * @param nodes    the servers the members are spread over: member i is on node i % nodes
     */
    FanOutFlow(int senders, int window, int workers, double interval, int nodes) {
        this.senders = senders;
        this.window = window;
        this.interval = interval;
        this.nodes = nodes;
        this.received = new AtomicLongArray(workers * senders);
        this.sent = new AtomicLongArray(senders);
        this.waiting = new AtomicIntegerArray(workers);
    }

    /** Before any worker starts. */
    void workers(List<FanOutWorker> all) {
        this.workers = List.copyOf(all);
    }

    int senders() {
        return senders;
    }

    int window() {
        return window;
    }

    /** The time base of the messages' send times. */
    long base() {
        return base;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        if (next == Phase.RUNNING) {
            origin = System.nanoTime();
        }
        phase = next;
        for (FanOutWorker w : workers) {
            w.wakeup();
        }
    }

    /** Whether senders follow a schedule rather than send as fast as the window allows. */
    boolean paced() {
        return interval > 0;
    }

    /** When {@code sender}'s messages are due: from the start of the run, paced runs only. */
    Cadence cadence(int sender) {
        return new Cadence(origin, interval, sender, senders);
    }

    /** Whether a delivery from {@code sender} to {@code member} went from one server to another. */
    boolean crossNode(int sender, int member) {
        return sender % nodes != member % nodes;
    }

    /** Whether the members are spread over more than one server. */
    boolean spread() {
        return nodes > 1;
    }

    /** The worker that drives {@code sender}: members are dealt to workers in turn. */
    int owner(int sender) {
        return sender % workers.size();
    }

    /** Worker {@code w}'s members have all received {@code count} of the sender's messages. */
    void received(int w, int sender, long count) {
        received.set(w * senders + sender, count);
        int owner = owner(sender);
        if (owner != w && waiting.get(owner) != 0) {
            workers.get(owner).wakeup();
        }
    }

    /** Messages of {@code sender} that every member has received. */
    long receivedByAll(int sender) {
        long min = Long.MAX_VALUE;
        for (int w = 0; w < workers.size(); w++) {
            min = Math.min(min, received.get(w * senders + sender));
        }
        return min;
    }

    /** How many messages {@code sender} may have sent by now. */
    long limit(int sender) {
        long all = receivedByAll(sender);
        return all >= Long.MAX_VALUE - window ? Long.MAX_VALUE : all + window;
    }

    void sent(int sender, long count) {
        sent.set(sender, count);
    }

    long sent(int sender) {
        return sent.get(sender);
    }

    /** Worker {@code w} is about to wait with a sender held by the window (or has stopped waiting). */
    void waiting(int w, boolean held) {
        waiting.set(w, held ? 1 : 0);
    }

    /** Paced runs: the messages due by {@code at} that their senders have not sent yet. */
    long behind(long at) {
        long behind = 0;
        for (int s = 0; s < senders; s++) {
            behind += Math.max(0, cadence(s).dueBy(at) - sent(s));
        }
        return behind;
    }

    /** Whether every message sent so far has reached every member. */
    boolean drained() {
        for (int s = 0; s < senders; s++) {
            if (receivedByAll(s) < sent(s)) {
                return false;
            }
        }
        return true;
    }
}
