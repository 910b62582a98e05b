package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One platform thread driving a share of the fan-out members through one {@link Selector}, as
 * {@link LoadWorker} does for echo loads: it reads every member's lines, counts and times the
 * load's own, and sends for the senders among its members as far as the {@link FanOutFlow}'s
 * window allows.
 *
 * <p>What its members have received is counted in {@link FanOutReceipts}.
 *
 * <p>Threading: everything but {@link #add}, the counters, {@link #drainLatencies}, {@link #wakeup}
 * and {@link #stop} runs on the worker's own thread. Counters are written with release semantics
 * by that thread alone.
 */
final class FanOutWorker implements Meter, Runnable {

    private static final VarHandle BYTES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle ERRORS;
    private static final VarHandle LIVE;
    private static final VarHandle SENT;
    private static final VarHandle DELIVERED;
    private static final VarHandle SEQUENCE_ERRORS;
    private static final VarHandle HEARD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_IN = lookup.findVarHandle(FanOutWorker.class, "bytesIn", long.class);
            BYTES_OUT = lookup.findVarHandle(FanOutWorker.class, "bytesOut", long.class);
            ERRORS = lookup.findVarHandle(FanOutWorker.class, "errors", long.class);
            LIVE = lookup.findVarHandle(FanOutWorker.class, "live", int.class);
            SENT = lookup.findVarHandle(FanOutWorker.class, "sent", long.class);
            DELIVERED = lookup.findVarHandle(FanOutWorker.class, "delivered", long.class);
            SEQUENCE_ERRORS = lookup.findVarHandle(FanOutWorker.class, "sequenceErrors", long.class);
            HEARD = lookup.findVarHandle(FanOutWorker.class, "heard", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A line longer than this is not the load's: it is skipped, not buffered. */
    private static final int MAX_LINE = 4096;
    private static final long PROBE_PERIOD = TimeUnit.MILLISECONDS.toNanos(100);

    private final int index;
    private final FanOutFlow flow;
    private final int size;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] bytes = new byte[64 * 1024];
    private final Queue<Member> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Member> senders = new ArrayList<>();
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(3);
    private final FanOutLine.Parsed parsed = new FanOutLine.Parsed();
    private final LineSplitter.Sink lineSink = this::line;
    private final FanOutReceipts receipts;
    private final Thread thread;
    private volatile boolean stopping;
    private Member reading;        // whose bytes are being split, and when they were read
    private long readAt;
    private long nextProbe;

    private long bytesIn;
    private long bytesOut;
    private long errors;
    private int live;
    private long sent;
    private long delivered;
    private long sequenceErrors;
    private int heard;

    FanOutWorker(int index, FanOutFlow flow, int size) throws IOException {
        this.index = index;
        this.flow = flow;
        this.size = size;
        this.selector = Selector.open();
        this.receipts = new FanOutReceipts(index, flow);
        this.thread = Thread.ofPlatform().name("netkit-bench-fanout-" + index).daemon().unstarted(this);
    }

    /** Hands over member {@code member}'s connected channel; from any thread, while running. */
    void add(SocketChannel channel, int member) throws IOException {
        channel.configureBlocking(false);
        arrivals.add(new Member(channel, member));
        selector.wakeup();
    }

    void start() {
        thread.start();
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                register();
                int phase = flow.phase();
                if (phase >= FanOutFlow.RUNNING && !receipts.started()) {
                    startCounting();
                }
                boolean announced = false;
                if (phase == FanOutFlow.ROLL_CALL) {
                    probe();
                } else if (phase == FanOutFlow.RUNNING && sendAll()) {
                    // Announce the wait, then look again: a receipt published in between is
                    // either seen here or followed by a wakeup.
                    flow.waiting(index, true);
                    announced = true;
                    sendAll();
                }
                selector.select(this::ready, phase == FanOutFlow.ROLL_CALL ? 20 : 100);
                if (announced) {
                    flow.waiting(index, false);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Member m : members) {
                if (m.key.isValid()) {
                    fail(m);
                }
            }
        } finally {
            for (Member m : members) {
                try {
                    m.channel.close();
                } catch (IOException ignored) {
                    // closing at the end: nothing left to report
                }
            }
            for (Member m : arrivals) {
                try {
                    m.channel.close();
                } catch (IOException ignored) {
                    // as above
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    private void register() throws IOException {
        Member m;
        while ((m = arrivals.poll()) != null) {
            m.key = m.channel.register(selector, SelectionKey.OP_READ, m);
            members.add(m);
            if (m.index < flow.senders()) {
                senders.add(m);
            }
            LIVE.setRelease(this, live + 1);
        }
    }

    /** Every member is in the room by now (the roll call saw to it). */
    private void startCounting() {
        receipts.start(members.stream().filter(m -> m.key.isValid()).mapToInt(m -> m.index).toArray());
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
            long room = Math.min(flow.limit(s.index) - s.sent, Math.max(1, s.out.capacity() / (size + 64)));
            if (room <= 0) {
                held = true;
                continue;
            }
            long at = System.nanoTime() - flow.base();
            s.out.clear();
            for (long k = 0; k < room; k++) {
                FanOutLine.write(s.out, s.index, s.sent + k, at, size);
            }
            s.out.flip();
            s.sent += room;
            flow.sent(s.index, s.sent);
            SENT.setRelease(this, sent + room);
            flush(s);
        }
        return held;
    }

    private void flush(Member s) throws IOException {
        int n = s.channel.write(s.out);
        BYTES_OUT.setRelease(this, bytesOut + n);
        boolean pending = s.out.hasRemaining();
        if (pending != s.waitingToWrite) {
            s.waitingToWrite = pending;
            s.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void ready(SelectionKey key) {
        Member m = (Member) key.attachment();
        try {
            if (key.isReadable()) {
                read(m);
            }
            if (key.isValid() && key.isWritable()) {
                flush(m);
            }
        } catch (IOException e) {
            fail(m);
        }
    }

    private void read(Member m) throws IOException {
        int n;
        do {
            n = m.channel.read(readBuffer.clear());
            if (n < 0) {
                fail(m);
                return;
            }
            BYTES_IN.setRelease(this, bytesIn + n);
            readBuffer.flip().get(bytes, 0, n);
            reading = m;
            readAt = System.nanoTime();
            m.lines.feed(bytes, n, lineSink);
        } while (n == readBuffer.capacity());
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
                HEARD.setRelease(this, heard + 1);
            }
            return;
        }
        if (!receipts.started()) {
            startCounting();
        }
        long expected = m.next[s];
        if (k < expected) {
            SEQUENCE_ERRORS.setRelease(this, sequenceErrors + 1);
            return;
        }
        if (k > expected) {
            // Messages the server skipped will never come: count them and move the window on.
            SEQUENCE_ERRORS.setRelease(this, sequenceErrors + (k - expected));
        }
        receipts.received(s, expected, k);
        m.next[s] = k + 1;
        DELIVERED.setRelease(this, delivered + 1);
        recorder.recordValue(Math.max(0, readAt - flow.base() - parsed.sentAt));
    }

    private void fail(Member m) {
        m.key.cancel();
        try {
            m.channel.close();
        } catch (IOException ignored) {
            // counted as an error below; the close itself has nothing to add
        }
        ERRORS.setRelease(this, errors + 1);
        LIVE.setRelease(this, live - 1);
        if (receipts.started()) {
            receipts.gone(m.index, m.next);
        }
    }

    long sent() {
        return (long) SENT.getAcquire(this);
    }

    long delivered() {
        return (long) DELIVERED.getAcquire(this);
    }

    long sequenceErrors() {
        return (long) SEQUENCE_ERRORS.getAcquire(this);
    }

    /** Members that have heard a roll-call probe. */
    int heard() {
        return (int) HEARD.getAcquire(this);
    }

    @Override
    public long bytesIn() {
        return (long) BYTES_IN.getAcquire(this);
    }

    @Override
    public long bytesOut() {
        return (long) BYTES_OUT.getAcquire(this);
    }

    @Override
    public long errors() {
        return (long) ERRORS.getAcquire(this);
    }

    @Override
    public int live() {
        return (int) LIVE.getAcquire(this);
    }

    @Override
    public void drainLatencies(Histogram into) {
        into.add(recorder.getIntervalHistogram());
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        thread.join();
    }

    /** A member's state; touched by the worker thread only. */
    private final class Member {
        final SocketChannel channel;
        final int index;
        final long[] next = new long[flow.senders()];
        final ByteBuffer out;
        SelectionKey key;
        final LineSplitter lines = new LineSplitter(MAX_LINE);
        boolean heard;
        long sent;
        boolean waitingToWrite;

        Member(SocketChannel channel, int index) {
            this.channel = channel;
            this.index = index;
            // Only senders write: a window's worth of messages at once, or about 64 KiB.
            this.out = index < flow.senders()
                    ? ByteBuffer.allocateDirect(Math.max(64 * 1024, size + 64)).limit(0)
                    : ByteBuffer.allocate(0);
        }
    }
}
