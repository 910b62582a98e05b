package dev.netkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The constant-rate ping-pong workload ({@code --rate}): the run sends its messages on a fixed
 * schedule shared by all the connections ({@link PacedSchedule}), without waiting for replies,
 * and times each from when it was due. Each turn sends what has fallen due, then sets the
 * {@link Alarm} for the next due message and waits for echoes or the alarm, whichever comes
 * first.
 *
 * <p>Threading: as {@link SelectorWorker}; the alarm only wakes the selector.
 */
final class PacedPingPongWorker extends SelectorWorker<PacedPingPongWorker.Paced> {

    /** Messages a connection may have in flight: a server that falls behind is charged the wait, not flooded. */
    static final int WINDOW = 16;

    /** The schedule all the workers of a run share: its rate, and the instant it starts, fixed by the first worker to turn. */
    static final class Pacing {
        private final double interval;
        private final int connections;
        private final AtomicLong origin = new AtomicLong(Long.MIN_VALUE);

        Pacing(int rate, int connections) {
            this.interval = 1e9 / rate;
            this.connections = connections;
        }

        long origin() {
            origin.compareAndSet(Long.MIN_VALUE, System.nanoTime());
            return origin.get();
        }
    }

    /** A connection's state: its schedule and the bytes released but not written yet. */
    static final class Paced extends Link {
        final int index;
        PacedSchedule schedule;     // set on the first turn, when the schedule starts
        long unwritten;
        boolean failed;

        Paced(SocketChannel channel, ByteBuffer out, int index) {
            super(channel, out);
            this.index = index;
        }
    }

    private final int size;
    private final Pacing pacing;
    private final ByteBuffer readBuffer;
    private final Alarm alarm;

    PacedPingPongWorker(int size, int index, Pacing pacing) throws IOException {
        super("netkit-bench-" + index);
        this.size = size;
        this.pacing = pacing;
        this.readBuffer = ByteBuffer.allocateDirect(Math.max(size * WINDOW, 64 * 1024));
        this.alarm = new Alarm("netkit-bench-alarm-" + index, this::wakeup);
    }

    @Override
    Paced link(SocketChannel channel, int index) {
        return new Paced(channel, EchoPayload.direct(size * WINDOW).limit(0), index);
    }

    @Override
    void registered(Paced p) {
        p.schedule = new PacedSchedule(pacing.origin(), pacing.interval, p.index, pacing.connections, size, WINDOW);
    }

    @Override
    void turn() throws IOException {
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        for (Paced p : links()) {
            if (!p.failed) {
                release(p, now);
                wakeAt = Math.min(wakeAt, p.schedule.wakeAt());
            }
        }
        alarm.set(wakeAt);
        select(100);
    }

    @Override
    void readable(Paced p) throws IOException {
        p.schedule.received(read(p, readBuffer), System.nanoTime(), this::record);
        release(p, System.nanoTime());      // places freed in the window go to messages already due
    }

    @Override
    void writable(Paced p) throws IOException {
        send(p);
    }

    @Override
    void failed(Paced p) {
        p.failed = true;
    }

    @Override
    void closed() throws InterruptedException {
        alarm.close();
    }

    private void release(Paced p, long now) throws IOException {
        int due = p.schedule.release(now);
        if (due > 0) {
            p.unwritten += (long) due * size;
            send(p);
        }
    }

    /**
     * Writes what was released and is not written yet, until the socket takes no more (then the
     * selector reports it writable). The payload's bytes are all alike: only their count matters.
     */
    private void send(Paced p) throws IOException {
        while (p.out.hasRemaining() || p.unwritten > 0) {
            if (!p.out.hasRemaining()) {
                p.out.clear().limit((int) Math.min(p.unwritten, p.out.capacity()));
            }
            int before = p.out.position();
            flush(p);
            p.unwritten -= p.out.position() - before;
            if (p.out.hasRemaining()) {
                return;
            }
        }
    }
}
