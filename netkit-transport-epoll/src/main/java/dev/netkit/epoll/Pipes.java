package dev.netkit.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>At most {@code -Dnetkit.epoll.maxPipes} pipes (default {@value #DEFAULT_MAX_OPEN}) are open
 * at once, in use and kept together: a relay holds its pipe while its output is blocked, so
 * without a cap every stalled stream would hold two descriptors more than its socket, and enough
 * of them would use up the descriptors the connection cap counted on. Past the cap
 * {@link #take()} answers {@link #NONE} and the relay goes through its heap buffer, as it does
 * where splicing is off. A fixed 1,024 rather than a share of the descriptor limit: it is what
 * the kernel's default per-user budget of pipe pages ({@code fs.pipe-user-pages-soft}, 16,384
 * pages) holds at the 16 pages a splice pipe needs, and past that budget an unprivileged user
 * gets pipes of a page or two, which {@link #open()} turns down anyway; so more would rarely
 * splice. It costs at most 2,048 descriptors (a tenth of a 20,000 limit) and 64 MiB of pipe
 * buffers.
 *
 * <p>{@code -Dnetkit.epoll.splice=false} turns splice relays off, and so does the first splice
 * that the kernel refuses as unsupported; relays then copy through their heap buffer as on any
 * other channel.
 *
 * <p>Threading: any thread; lock-free.
 */
final class Pipes {

    private static volatile boolean enabled = Boolean.parseBoolean(System.getProperty("netkit.epoll.splice", "true"));
    /** What {@link #take()} returns when no pipe could be made (descriptors ran out, the cap). */
    static final long NONE = -1;
    private static final int SLOTS = 16;
    /** The smallest pipe worth splicing through: the kernel's default, 16 pages. */
    private static final int MIN_SIZE = 64 * 1024;
    private static final AtomicLongArray SPARE = new AtomicLongArray(SLOTS);
    /** Pipes handed out since start, and those closed with bytes in them, for tests and diagnostics. */
    private static final AtomicLong TAKEN = new AtomicLong();
    private static final AtomicLong DROPPED = new AtomicLong();
    /** Takes turned down because {@link #maxOpen} pipes were open. */
    private static final AtomicLong REFUSED = new AtomicLong();
    static final int DEFAULT_MAX_OPEN = 1024;
    /** The most pipes open at once, in use or kept ({@code netkit.epoll.maxPipes}). */
    private static volatile int maxOpen = Math.max(0, Integer.getInteger("netkit.epoll.maxPipes", DEFAULT_MAX_OPEN));
    /** Pipes open now: handed out and not yet given back or dropped, plus those kept. */
    private static final AtomicInteger OPEN = new AtomicInteger();
    /** Pipes handed out and not yet given back or dropped. */
    private static final AtomicInteger IN_USE = new AtomicInteger();

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

    /** An empty pipe, kept or new, or {@link #NONE} when none can be made or the cap is reached. */
    static long take() {
        long pipe = spare();
        if (pipe == 0) {
            pipe = openWithinCap();
        }
        if (pipe != NONE) {
            TAKEN.incrementAndGet();
            IN_USE.incrementAndGet();
        }
        return pipe;
    }

    /** A new pipe if fewer than {@link #maxOpen} are open, else {@link #NONE}. */
    private static long openWithinCap() {
        int open;
        do {
            open = OPEN.get();
            if (open >= maxOpen) {
                REFUSED.incrementAndGet();
                return NONE;
            }
        } while (!OPEN.compareAndSet(open, open + 1));
        long pipe = open();
        if (pipe == NONE) {
            OPEN.decrementAndGet();
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
                closeEnds(pipe);
                return NONE;
            }
            return pipe;
        }
    }

    /** Keeps an empty pipe for a later {@link #take()}, or closes it when enough are kept. */
    static void give(long pipe) {
        IN_USE.decrementAndGet();
        if (OPEN.get() > maxOpen) {
            close(pipe); // the cap was lowered
            return;
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            if (SPARE.getPlain(slot) == 0 && SPARE.compareAndSet(slot, 0, pipe)) {
                return;
            }
        }
        close(pipe);
    }

    /** Closes a pipe that a failed relay left bytes in: those bytes were for a connection now gone. */
    static void drop(long pipe) {
        IN_USE.decrementAndGet();
        DROPPED.incrementAndGet();
        close(pipe);
    }

    /** Closes both ends of a pipe that {@link #openWithinCap()} counted. */
    private static void close(long pipe) {
        OPEN.decrementAndGet();
        closeEnds(pipe);
    }

    private static void closeEnds(long pipe) {
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

    /** Pipes relays hold now, each two open descriptors. */
    static int inUse() {
        return IN_USE.get();
    }

    /** Pipes open now, in use or kept: never more than {@link #maxOpen()}. */
    static int openPipes() {
        return OPEN.get();
    }

    /** How many times a relay found the cap reached and went through its heap buffer instead. */
    static long refused() {
        return REFUSED.get();
    }

    /** The most pipes open at once. */
    static int maxOpen() {
        return maxOpen;
    }

    /** Sets {@link #maxOpen()} for tests; pipes open beyond it stay until given back, then close. */
    static void maxOpen(int max) {
        maxOpen = Math.max(0, max);
    }

    /** Closes the pipes kept for reuse, for tests that count descriptors from a clean start. */
    static void closeKept() {
        long pipe;
        while ((pipe = spare()) != 0) {
            close(pipe);
        }
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
