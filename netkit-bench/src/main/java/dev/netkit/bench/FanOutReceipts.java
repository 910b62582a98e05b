package dev.netkit.bench;

import java.util.Arrays;

/**
 * One fan-out worker's account of which messages all of its members have received, published to
 * the {@link FanOutFlow} so that senders know how far ahead they may run.
 *
 * <p>Per sender, a ring of {@code window} slots: a slot holds how many of this worker's members
 * still await that message. When the oldest slot reaches zero, every member here has the message:
 * the count moves on and the slot is refilled for the message a window later (which its sender
 * cannot have sent yet, since it waits for this very count). Each sender's messages reach each
 * member in order, so a member's next expected sequence number is all the state it needs.
 *
 * <p>Threading: the worker's own thread only.
 */
final class FanOutReceipts {

    private final int worker;
    private final FanOutFlow flow;
    private final int window;
    private final int[][] awaiting;
    private final long[] receivedByAll;
    private final int[] recipients;
    private boolean started;

    FanOutReceipts(int worker, FanOutFlow flow) {
        this.worker = worker;
        this.flow = flow;
        this.window = flow.window();
        this.awaiting = new int[flow.senders()][window];
        this.receivedByAll = new long[flow.senders()];
        this.recipients = new int[flow.senders()];
    }

    boolean started() {
        return started;
    }

    /** Starts counting for these members (their indexes): the whole room is there by now. */
    void start(int[] members) {
        started = true;
        for (int s = 0; s < recipients.length; s++) {
            for (int m : members) {
                if (m != s) {
                    recipients[s]++;
                }
            }
            Arrays.fill(awaiting[s], recipients[s]);
            if (recipients[s] == 0) {
                flow.received(worker, s, Long.MAX_VALUE);
            }
        }
    }

    /** A member has messages {@code from..to} of sender {@code s}, or will never have them. */
    void received(int s, long from, long to) {
        boolean oldest = false;
        for (long k = from; k <= to; k++) {
            if (--awaiting[s][(int) (k % window)] == 0 && k == receivedByAll[s]) {
                oldest = true;
            }
        }
        if (oldest) {
            advance(s);
        }
    }

    /** Member {@code member} is gone, expecting {@code next[s]} of each sender: stop waiting for it. */
    void gone(int member, long[] next) {
        for (int s = 0; s < recipients.length; s++) {
            if (s == member) {
                continue;
            }
            // The slots now open are the messages receivedByAll .. receivedByAll + window - 1.
            for (long k = next[s]; k < receivedByAll[s] + window; k++) {
                awaiting[s][(int) (k % window)]--;
            }
            recipients[s]--;
            advance(s);
        }
    }

    private void advance(int s) {
        long before = receivedByAll[s];
        while (recipients[s] > 0 && awaiting[s][(int) (receivedByAll[s] % window)] == 0) {
            awaiting[s][(int) (receivedByAll[s] % window)] = recipients[s];
            receivedByAll[s]++;
        }
        if (recipients[s] == 0) {
            flow.received(worker, s, Long.MAX_VALUE);
        } else if (receivedByAll[s] != before) {
            flow.received(worker, s, receivedByAll[s]);
        }
    }
}
