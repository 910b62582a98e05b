package dev.netkit.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A share of the fan-out workload's members: it reads every member's lines, counts and times the
 * load's own, and sends for the senders among its members as far as the {@link FanOutFlow}'s
 * window allows, or, paced, as their messages fall due on their {@link Cadence} (an {@link Alarm}
 * wakes the worker for the next one). A paced message carries the time it was due, not the time
 * it went, so that its deliveries are timed from when it was due. What its members have received
 * is accounted in {@link FanOutReceipts}.
 *
 * <p>Threading: as {@link SelectorWorker}; {@link #counts} and {@link #heard} are for any thread.
 */
final class FanOutWorker extends SelectorWorker<FanOutWorker.Member> {

    /** A line longer than this is not the load's: it is skipped, not buffered. */
    private static final int MAX_LINE = 4096;
    private static final long PROBE_PERIOD = TimeUnit.MILLISECONDS.toNanos(100);

    /** A member's state. */
    final class Member extends Link {
        final int index;
        /** Per sender: the sequence number this member expects next. */
        final long[] next = new long[flow.senders()];
        final LineSplitter lines = new LineSplitter(MAX_LINE);
        boolean heard;
        long sent;
        /** Paced senders: when its messages fall due, from the start of the run. */
        Cadence cadence;
        /** Paced senders: the last time the window held back a message that was due. */
        long heldAt = Long.MIN_VALUE;

        Member(SocketChannel channel, int index) {
            // Only senders write: a window's worth of messages at once, or about 64 KiB.
            super(channel, index < flow.senders()
                    ? ByteBuffer.allocateDirect(Math.max(64 * 1024, size + 64)).limit(0)
                    : ByteBuffer.allocate(0));
            this.index = index;
        }

        boolean sender() {
            return index < flow.senders();
        }
    }

    private final int index;
    private final FanOutFlow flow;
    private final int size;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] bytes = new byte[64 * 1024];
    private final List<Member> senders = new ArrayList<>();
    private final FanOutLine.Parsed parsed = new FanOutLine.Parsed();
    private final LineSplitter.Sink lineSink = this::line;
    private final FanOutReceipts receipts;
    private final Counter sent = new Counter();
    private final Counter delivered = new Counter();
    private final Counter sequenceErrors = new Counter();
    private final Counter heard = new Counter();
    private final Counter late = new Counter();
    /** Spread over several servers: the latencies of deliveries between servers, and within one. */
    private final SingleWriterRecorder crossNode = new SingleWriterRecorder(3);
    private final SingleWriterRecorder sameNode = new SingleWriterRecorder(3);
    private final Alarm alarm;
    private Member reading;        // whose bytes are being split, and when they were read
    private long readAt;
    private long nextProbe;

    FanOutWorker(int index, FanOutFlow flow, int size) throws IOException {
        super("netkit-bench-fanout-" + index);
        this.index = index;
        this.flow = flow;
        this.size = size;
        this.receipts = new FanOutReceipts(index, flow);
        this.alarm = flow.paced() ? new Alarm("netkit-bench-fanout-alarm-" + index, this::wakeup) : null;
    }

    @Override
    Member link(SocketChannel channel, int member) {
        return new Member(channel, member);
    }

    @Override
    void registered(Member m) {
        if (m.sender()) {
            senders.add(m);
        }
    }

    @Override
    void turn() throws IOException {
        FanOutFlow.Phase phase = flow.phase();
        if ((phase == FanOutFlow.Phase.RUNNING || phase == FanOutFlow.Phase.DRAINING) && !receipts.started()) {
            startCounting();
        }
        boolean announced = false;
        if (phase == FanOutFlow.Phase.ROLL_CALL) {
            probe();
        } else if (phase == FanOutFlow.Phase.RUNNING && (flow.paced() ? sendDue() : sendAll())) {
            // Announce the wait, then look again: a receipt published in between is either seen
            // here or followed by a wakeup.
            flow.waiting(index, true);
            announced = true;
            if (flow.paced()) {
                sendDue();
            } else {
                sendAll();
            }
        }
        select(phase == FanOutFlow.Phase.ROLL_CALL ? 20 : 100);
        if (announced) {
            flow.waiting(index, false);
        }
    }

    /** Every member is in the room by now (the roll call saw to it). */
    private void startCounting() {
        receipts.start(links().stream().filter(m -> m.key.isValid()).mapToInt(m -> m.index).toArray());
    }

    private void probe() throws IOException {
        long now = System.nanoTime();
        if (now - nextProbe < 0) {
            return;
        }
        nextProbe = now + PROBE_PERIOD;
        for (Member s : senders) {
            if (s.index == 0 && s.key.isValid() && !s.out.hasRemaining()) {
                s.out.clear();
                FanOutLine.write(s.out, 0, -1, now - flow.base(), size);
                s.out.flip();
                flush(s);
            }
        }
    }

    /** Sends what the window allows for each sender; true when one is held back by the window. */
    private boolean sendAll() throws IOException {
        boolean held = false;
        for (Member s : senders) {
            if (!s.key.isValid() || s.out.hasRemaining()) {
                continue;
            }
            long room = Math.min(flow.limit(s.index) - s.sent, batch(s));
            if (room <= 0) {
                held = true;
                continue;
            }
            send(s, room);
        }
        return held;
    }

    /**
     * Sends, for each sender, the messages that are due and that the window lets go, then sets the
     * alarm for the next one due; true when the window holds one back (a receipt must come first).
     */
    private boolean sendDue() throws IOException {
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        boolean held = false;
        for (Member s : senders) {
            if (!s.key.isValid()) {
                continue;
            }
            if (s.cadence == null) {
                s.cadence = flow.cadence(s.index);
            }
            if (s.out.hasRemaining()) {
                continue;                           // the selector says when the socket takes more
            }
            long due = s.cadence.dueBy(now) - s.sent;
            long allowed = flow.limit(s.index) - s.sent;
            long room = Math.min(Math.min(due, allowed), batch(s));
            if (room > 0) {
                send(s, room);
            }
            if (allowed < due) {
                s.heldAt = now;                     // what is due and not sent now goes late
                held = true;
            } else {
                wakeAt = Math.min(wakeAt, room < due ? now : s.cadence.due(s.sent));
            }
        }
        alarm.set(wakeAt);
        return held;
    }

    /** Messages one write takes at most: about 64 KiB. */
    private long batch(Member s) {
        return Math.max(1, s.out.capacity() / (size + 64));
    }

    /**
     * Writes sender {@code s}'s next {@code count} messages, stamped with the time each was due
     * when paced, or now.
     */
    private void send(Member s, long count) throws IOException {
        long now = System.nanoTime();
        long held = 0;
        s.out.clear();
        for (long k = s.sent; k < s.sent + count; k++) {
            long at = now;
            if (s.cadence != null) {
                at = s.cadence.due(k);
                if (at <= s.heldAt) {
                    held++;
                }
            }
            FanOutLine.write(s.out, s.index, k, at - flow.base(), size);
        }
        s.out.flip();
        s.sent += count;
        flow.sent(s.index, s.sent);
        sent.add(count);
        late.add(held);
        flush(s);
    }

    @Override
    void readable(Member m) throws IOException {
        int n;
        do {
            n = read(m, readBuffer);
            readBuffer.flip().get(bytes, 0, n);
            reading = m;
            readAt = System.nanoTime();
            m.lines.feed(bytes, n, lineSink);
        } while (n == readBuffer.capacity());
    }

    @Override
    void writable(Member m) throws IOException {
        flush(m);
    }

    /** One complete line read by {@link #reading}, at {@link #readAt}. */
    private void line(byte[] b, int from, int to) {
        Member m = reading;
        if (!FanOutLine.parse(b, from, to, parsed)) {
            return;                                  // a notice or someone else's line
        }
        int s = parsed.sender;
        if (s == m.index || s < 0 || s >= flow.senders()) {
            return;                                  // its own line back, or not one of ours
        }
        long k = parsed.sequence;
        if (k < 0) {
            if (!m.heard) {
                m.heard = true;
                heard.add(1);
            }
            return;
        }
        if (!receipts.started()) {
            startCounting();
        }
        long expected = m.next[s];
        if (k < expected) {
            sequenceErrors.add(1);
            return;
        }
        if (k > expected) {
            // Messages the server skipped will never come: count them and move the window on.
            sequenceErrors.add(k - expected);
        }
        receipts.received(s, expected, k);
        m.next[s] = k + 1;
        delivered.add(1);
        long latency = Math.max(0, readAt - flow.base() - parsed.sentAt);
        record(latency);
        if (flow.spread()) {
            (flow.crossNode(s, m.index) ? crossNode : sameNode).recordValue(latency);
        }
    }

    @Override
    void failed(Member m) {
        if (receipts.started()) {
            receipts.gone(m.index, m.next);
        }
    }

    @Override
    void closed() throws InterruptedException {
        if (alarm != null) {
            alarm.close();
        }
    }

    /** The counters, read at once. */
    FanOutCounts counts() {
        return new FanOutCounts(counters(), sent.get(), delivered.get(), sequenceErrors.get(), late.get());
    }

    /**
     * Moves the latencies recorded since the last call of deliveries between servers into
     * {@code cross}, and within one into {@code same} (spread runs only; any thread).
     */
    void drainNodeLatencies(Histogram cross, Histogram same) {
        cross.add(crossNode.getIntervalHistogram());
        same.add(sameNode.getIntervalHistogram());
    }

    /** Members that have heard a roll-call probe. */
    long heard() {
        return heard.get();
    }
}
