package dev.netkit.internal;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Relays a connection's input into its own output (echo, and any handler that hands its input to
 * its output) or into another connection's (a proxy) on {@link PolledChannel}s, as an event loop
 * would: while the output is blocked it reads on into the rest of the buffer, so that the next
 * write carries everything that arrived meanwhile, instead of one write per read, most of them
 * partial. The buffer grows up to
 * {@link #MAX_SIZE} while reads fill it, and the relay holds the output's lock from a write that
 * leaves bytes pending until they are all out, so other writers never land inside a relayed chunk.
 *
 * <p>Once a stream has grown the buffer to {@link #SPLICE_FROM} and the buffer is empty, the
 * channel's {@link Splice} takes over where it has one: the bytes then go from socket to socket
 * through a kernel pipe and never reach the heap. After {@link #SHRINK_AFTER} small bursts in a
 * row the buffer shrinks below {@link #SPLICE_FROM} and the relay goes back through it, where one
 * read and one write cost less than moving pipe pages.
 *
 * <p>Into another connection's output, a blocked output holds the relay until it drains (one
 * thread cannot wait on two sockets at once) while the buffer keeps what has been read, at most
 * {@link #MAX_SIZE}; the splice runs from one socket to the other.
 *
 * <p>One per connection input and target, used by its reading thread.
 */
final class Relay {

    /**
     * How far the relay lets the input buffer grow while reads keep filling it, or while input
     * piles up behind a blocked output: a busy stream then moves in fewer, larger writes. (A
     * blocking relay writes once per read and stays at {@link InputBuffer#MAX_SIZE}.)
     */
    static final int MAX_SIZE = 1024 * 1024;
    /** The buffer size from which a stream is running and the relay splices where it can. */
    static final int SPLICE_FROM = InputBuffer.MAX_SIZE;
    /**
     * Small bursts in a row before the buffer shrinks: a busy stream's bursts vary with the peer's
     * pace, and growing back costs a fresh (zeroed) buffer and a copy each time.
     */
    static final int SHRINK_AFTER = 32;

    private final PolledChannel channel;
    private final PolledChannel target;
    private final InputBuffer in;
    private final ChannelConnection owner;

    /**
     * A relay of {@code channel}'s input, held in {@code in} and counted as read by {@code owner},
     * into {@code target}'s output: {@code channel} itself for an echo.
     */
    Relay(PolledChannel channel, PolledChannel target, InputBuffer in, ChannelConnection owner) {
        this.channel = channel;
        this.target = target;
        this.in = in;
        this.owner = owner;
    }

    /** Whether this relay writes to {@code c}. */
    boolean writesTo(StreamChannel c) {
        return target == c;
    }

    /**
     * Relays into {@code out}, which writes to this relay's target. Returns when something was
     * relayed, nothing is pending and input has run dry ({@code untilEnd} false), or at end of
     * stream: the bytes relayed, or -1 at end of stream with nothing relayed.
     */
    long run(ChannelOutput out, boolean untilEnd) throws IOException {
        byte[] buffer = in.bytes();
        ReentrantLock lock = out.lock();
        boolean locked = false;
        boolean splicing = true; // until the channel has no splice, or its pipe stopped
        long total = 0;
        int peak = 0;
        try {
            while (true) {
                if (splicing && in.position == in.limit && buffer.length >= SPLICE_FROM && !in.ended) {
                    Splice splice = channel.openSplice(target);
                    if (splice == null) {
                        splicing = false;
                    } else {
                        if (buffer.length > SPLICE_FROM) {
                            in.resize(SPLICE_FROM); // the pipe holds the bytes now: no need for more
                        }
                        try (splice) {
                            total = spliced(splice, out, untilEnd, total);
                            splicing = !splice.stopped(); // else input the pipe cannot take: read on
                        }
                        if (splicing && (in.ended || !untilEnd)) {
                            return in.ended && total == 0 ? -1 : total;
                        }
                        // Otherwise small bursts shrank the buffer: on through it, until a stream
                        // grows it again.
                        buffer = in.bytes;
                    }
                }
                boolean moved = false;
                if (!in.ended) {
                    if (in.limit == buffer.length) {
                        in.makeRoom(MAX_SIZE);
                        buffer = in.bytes;
                    }
                    int room = buffer.length - in.limit;
                    if (room > 0) {
                        int n = channel.readNow(buffer, in.limit, room);
                        if (n > 0) {
                            owner.countRead(n);
                            in.limit += n;
                            peak = Math.max(peak, in.unread());
                            moved = true;
                            if (n == room && buffer.length < MAX_SIZE) {
                                in.resize(buffer.length << 1); // the read filled it: more is coming
                                buffer = in.bytes;
                            }
                        } else if (n < 0) {
                            in.ended = true;
                        }
                    }
                }
                if (in.position < in.limit) {
                    if (!locked) {
                        lock.lock();
                        locked = true;
                        out.flushLocked(); // whatever other writers buffered goes first
                    }
                    int n = target.writeNow(buffer, in.position, in.unread());
                    if (n > 0) {
                        out.countWritten(n);
                        in.position += n;
                        total += n;
                        moved = true;
                    }
                    if (in.position == in.limit) {
                        in.position = 0;
                        in.limit = 0;
                        locked = false;
                        lock.unlock();
                    }
                }
                if (moved) {
                    continue;
                }
                if (in.position < in.limit) {
                    boolean full = in.position == 0 && in.limit == buffer.length && buffer.length >= MAX_SIZE;
                    await(!in.ended && !full, true);
                } else if (in.ended) {
                    return total == 0 ? -1 : total;
                } else if (untilEnd || total == 0) {
                    await(true, false); // nothing yet: wait, as a blocking read would
                } else {
                    int size = buffer.length;
                    in.afterRun(size > InputBuffer.MIN_SIZE && peak <= size >> 1, SHRINK_AFTER, size >> 1);
                    return total;
                }
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * {@link #run} through the kernel: the same loop, with the channel's pipe in place of the
     * buffer. Entered with the buffer empty and the output's lock not held; {@code total} is what
     * the relay moved before, and the total is what it returns, with the pipe empty, at end of
     * stream, when input has run dry ({@code untilEnd} false), when the pipe has stopped
     * ({@link Splice#stopped()}), or when small bursts have shrunk the buffer ({@code untilEnd}
     * true). While bytes wait in the pipe, input waits for the output: the pipe is all a spliced
     * relay holds beyond the sockets' own buffers.
     */
    private long spliced(Splice splice, ChannelOutput out, boolean untilEnd, long total) throws IOException {
        ReentrantLock lock = out.lock();
        boolean locked = false;
        int peak = 0;
        long burstStart = total;
        try {
            while (true) {
                boolean moved = false;
                if (!in.ended && !splice.stopped()) {
                    int n = splice.in();
                    if (n > 0) {
                        owner.countRead(n);
                        peak = Math.max(peak, splice.pending());
                        moved = true;
                    } else if (n < 0) {
                        in.ended = true;
                    }
                }
                if (splice.pending() > 0) {
                    if (!locked) {
                        lock.lock();
                        locked = true;
                        out.flushLocked();
                    }
                    int n = splice.out();
                    if (n > 0) {
                        out.countWritten(n);
                        total += n;
                        moved = true;
                    }
                    if (splice.pending() == 0) {
                        locked = false;
                        lock.unlock();
                    }
                }
                if (moved) {
                    continue;
                }
                if (splice.pending() > 0) {
                    // The output is full, and so perhaps is the pipe: input waits for the output.
                    await(false, true);
                } else if (in.ended || splice.stopped()) {
                    return total;
                } else if (!untilEnd && total > 0) {
                    afterSplicedBurst(peak);
                    return total;
                } else if (untilEnd && total > burstStart) {
                    // A burst is over and the relay goes on: after enough small ones, through the
                    // buffer instead.
                    afterSplicedBurst(peak);
                    if (in.bytes().length < SPLICE_FROM) {
                        return total;
                    }
                    burstStart = total;
                    peak = 0;
                } else {
                    await(true, false); // nothing yet: wait, as a blocking read would
                }
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until a read may find input ({@code read}) or a write may find room ({@code write}).
     * Into another connection, waiting for room is all it does: the input is another socket's.
     */
    private void await(boolean read, boolean write) throws IOException {
        if (target == channel) {
            channel.awaitReady(read, write);
        } else if (write) {
            target.awaitReady(false, true);
        } else {
            channel.awaitReady(read, false);
        }
    }

    /**
     * After a spliced burst that had at most {@code peak} bytes in the pipe. Exactly half of
     * {@link #SPLICE_FROM} counts as large: it would fill the halved buffer, which would grow again.
     */
    private void afterSplicedBurst(int peak) {
        in.afterRun(peak < SPLICE_FROM >> 1, SHRINK_AFTER, SPLICE_FROM >> 1);
    }
}
