package dev.netkit.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Pipes for {@code splice(2)} relays ({@link EpollStreamChannel#openSplice()}), with a few empty
 * ones kept for reuse so that a stream that pauses and resumes does not pay three system calls for
 * a new pipe each time. A pipe is the pair of its descriptors in one {@code long}: the read end in
 * the high half, the write end in the low half.
 *
 * <p>At most {@link #SLOTS} pipes (twice as many descriptors) wait here; a pipe given back while
 * they are all taken is closed. Only empty pipes come back: a relay that fails with bytes in its
 * pipe closes it ({@link #drop}), so no connection ever receives another's bytes.
 *
 * <p>{@code -Dnetkit.epoll.splice=false} turns splice relays off, and so does the first splice
 * that the kernel refuses as unsupported; relays then copy through their heap buffer as on any
 * other channel.
 *
 * <p>Threading: any thread; lock-free.
 */
final class Pipes {

    private static volatile boolean enabled = Boolean.parseBoolean(System.getProperty("netkit.epoll.splice", "true"));
    /** What {@link #take()} returns when no pipe could be made (descriptors ran out). */
    static final long NONE = -1;
    private static final int SLOTS = 16;
    /** The smallest pipe worth splicing through: the kernel's default, 16 pages. */
    private static final int MIN_SIZE = 64 * 1024;
    private static final AtomicLongArray SPARE = new AtomicLongArray(SLOTS);
    /** Pipes handed out since start, and those closed with bytes in them, for tests and diagnostics. */
    private static final AtomicLong TAKEN = new AtomicLong();
    private static final AtomicLong DROPPED = new AtomicLong();

    private Pipes() {
    }

    /** Whether relays may splice: not when turned off, nor once a splice found it unsupported. */
    static boolean enabled() {
        return enabled;
    }

    /** Turns splice relays off for the rest of the process. */
    static void disable() {
        enabled = false;
    }

    /** An empty pipe, kept or new, or {@link #NONE}. */
    static long take() {
        long pipe = spare();
        if (pipe == 0) {
            pipe = open();
        }
        if (pipe != NONE) {
            TAKEN.incrementAndGet();
        }
        return pipe;
    }

    private static long spare() {
        for (int slot = 0; slot < SLOTS; slot++) {
            long pipe = SPARE.getPlain(slot);
            if (pipe != 0 && SPARE.compareAndSet(slot, pipe, 0)) {
                return pipe;
            }
        }
        return 0;
    }

    private static long open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if (Libc.pipe2(errno, fds, Libc.O_NONBLOCK | Libc.O_CLOEXEC) < 0) {
                return NONE;
            }
            // Two different descriptors, so the pair is never 0, the empty slot's mark.
            long pipe = (long) fds.getAtIndex(JAVA_INT, 0) << 32 | (fds.getAtIndex(JAVA_INT, 1) & 0xffffffffL);
            // A user over the kernel's pipe page limit (fs.pipe-user-pages-soft) gets pipes of a
            // page or two, which would relay a page per system call: the heap relay does better.
            if (Libc.fcntl(errno, writeEnd(pipe), Libc.F_GETPIPE_SZ, 0) < MIN_SIZE) {
                close(pipe);
                return NONE;
            }
            return pipe;
        }
    }

    /** Keeps an empty pipe for a later {@link #take()}, or closes it when enough are kept. */
    static void give(long pipe) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (SPARE.getPlain(slot) == 0 && SPARE.compareAndSet(slot, 0, pipe)) {
                return;
            }
        }
        close(pipe);
    }

    /** Closes a pipe that a failed relay left bytes in: those bytes were for a connection now gone. */
    static void drop(long pipe) {
        DROPPED.incrementAndGet();
        close(pipe);
    }

    /** Closes both ends. */
    private static void close(long pipe) {
        Libc.closeQuietly(readEnd(pipe));
        Libc.closeQuietly(writeEnd(pipe));
    }

    static int readEnd(long pipe) {
        return (int) (pipe >>> 32);
    }

    static int writeEnd(long pipe) {
        return (int) pipe;
    }

    static long taken() {
        return TAKEN.get();
    }

    static long dropped() {
        return DROPPED.get();
    }

    /** Pipes waiting here for reuse, each two open descriptors. */
    static int kept() {
        int kept = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (SPARE.get(slot) != 0) {
                kept++;
            }
        }
        return kept;
    }
}
