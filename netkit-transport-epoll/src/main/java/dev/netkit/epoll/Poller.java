package dev.netkit.epoll;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * An edge-triggered epoll instance and the virtual thread that polls it.
 *
 * <p>Sockets are added once, for IN, OUT and RDHUP, edge-triggered, and never re-armed; the
 * event's data holds the fd and a serial number. The poller thread is a <i>virtual</i> thread: it
 * calls {@code epoll_wait} with a zero timeout, wakes the threads the events are for, and yields so
 * that they run on its carrier at once (a platform poller handing work to carriers would cost a
 * context switch per event). After polling an empty epoll for a while it parks (how long adapts:
 * see {@link SpinPolicy}); the {@link Waker}, a platform thread blocked on an outer epoll that
 * holds this one's fd, unparks it when an event is pending. An idle server therefore burns no CPU.
 *
 * <p>Threading: {@link #run()} on the poller thread; {@link #register} and {@link #deregister}
 * from any thread.
 */
final class Poller {

    private static final System.Logger LOG = System.getLogger("dev.netkit.epoll");
    private static final int MAX_EVENTS = 256;
    private static final int REGISTER_EVENTS = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    final int index;
    final int epfd;
    private final AtomicInteger serials = new AtomicInteger();
    private final ReentrantLock tableLock = new ReentrantLock();
    // Indexed by fd: descriptor numbers are small and dense. Replaced (under tableLock) to grow.
    private volatile AtomicReferenceArray<EpollSocket> table = new AtomicReferenceArray<>(1024);
    private volatile Thread thread;
    /** When the {@link Waker} saw this epoll's events, stamped just before it unparks the poller. */
    volatile long wokenAt;
    /** The event {@link #register} passes to epoll_ctl, one registration at a time. */
    private final MemorySegment registerEvent = Arena.global().allocate(Libc.EPOLL_EVENT_SIZE, 8);
    private final ReentrantLock registerLock = new ReentrantLock();
    /** Used by the poller thread alone, each time it re-arms the waker. */
    final MemorySegment armEvent = Arena.global().allocate(Libc.EPOLL_EVENT_SIZE, 8);
    final MemorySegment armErrno = Libc.errnoSegment(Arena.global());

    Poller(int index) throws IOException {
        this.index = index;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = Libc.epollCreate(errno);
            if (fd < 0) {
                throw new IOException("epoll_create1: " + Libc.strerror(Libc.errno(errno)));
            }
            this.epfd = fd;
        }
    }

    void start(Waker waker) {
        thread = Thread.ofVirtual().name("netkit-epoll-poller-" + index).unstarted(() -> run(waker));
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** A new socket for {@code fd}, registered with this epoll; closes {@code fd} on failure. */
    EpollSocket register(int fd) throws IOException {
        EpollSocket socket = new EpollSocket(fd, this, serials.incrementAndGet());
        tableLock.lock();
        try {
            AtomicReferenceArray<EpollSocket> t = table;
            if (fd >= t.length()) {
                AtomicReferenceArray<EpollSocket> bigger = new AtomicReferenceArray<>(Math.max(fd + 1, t.length() * 2));
                for (int i = 0; i < t.length(); i++) {
                    bigger.setPlain(i, t.get(i));
                }
                table = t = bigger;
            }
            t.set(fd, socket);
        } finally {
            tableLock.unlock();
        }
        int errno = 0;
        registerLock.lock();
        try {
            // The new socket's errno slot: nothing else can use it before this returns it.
            registerEvent.set(JAVA_INT, 0, REGISTER_EVENTS);
            registerEvent.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_EVENT_DATA, key(socket));
            if (Libc.epollCtl(socket.readErrno, epfd, Libc.EPOLL_CTL_ADD, fd, registerEvent) < 0) {
                errno = Libc.errno(socket.readErrno);
            }
        } finally {
            registerLock.unlock();
        }
        if (errno != 0) {
            socket.close();
            throw Errors.exception(errno);
        }
        return socket;
    }

    private static long key(EpollSocket socket) {
        return ((long) socket.serial << 32) | (socket.fd & 0xffffffffL);
    }

    /** Forgets {@code socket}; called just before its fd is closed (which also leaves the epoll set). */
    void deregister(EpollSocket socket) {
        tableLock.lock();
        try {
            AtomicReferenceArray<EpollSocket> t = table;
            if (socket.fd < t.length()) {
                t.compareAndSet(socket.fd, socket, null);
            }
        } finally {
            tableLock.unlock();
        }
    }

    private void run(Waker waker) {
        MemorySegment events = Arena.global().allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
        MemorySegment errno = Libc.errnoSegment(Arena.global());
        SpinPolicy spin = SpinPolicy.fromSystemProperties();
        int empty = 0;
        long idleSince = 0;
        while (true) {
            int n = Libc.epollPoll(errno, epfd, events, MAX_EVENTS);
            if (n > 0) {
                if (empty > 0) {
                    spin.foundWhilePolling(System.nanoTime() - idleSince);
                    empty = 0;
                }
                dispatch(events, n);
            } else if (n < 0 && Libc.errno(errno) != Libc.EINTR) {
                // Cannot happen with a valid epoll fd; say so rather than spin silently.
                LOG.log(Level.ERROR, "epoll_wait failed: {0}", Libc.strerror(Libc.errno(errno)));
                LockSupport.parkNanos(100_000_000L);
            } else {
                long now = System.nanoTime();
                if (empty++ == 0) {
                    idleSince = now;
                }
                if (!spin.pollAgain(empty, now - idleSince)) {
                    empty = 0;
                    wokenAt = 0;
                    waker.arm(this);
                    // The waker unparks us when the epoll has events; the park permit covers the
                    // race where that happens before this line.
                    LockSupport.park(this);
                    long woken = wokenAt;
                    spin.wokenAfter((woken != 0 ? woken : System.nanoTime()) - idleSince);
                    continue;
                }
            }
            Thread.yield();
        }
    }

    private void dispatch(MemorySegment events, int n) {
        AtomicReferenceArray<EpollSocket> t = table;
        for (int i = 0; i < n; i++) {
            long base = i * Libc.EPOLL_EVENT_SIZE;
            int flags = events.get(JAVA_INT_UNALIGNED, base);
            long key = events.get(JAVA_LONG_UNALIGNED, base + Libc.EPOLL_EVENT_DATA);
            int fd = (int) key;
            if (fd >= t.length()) {
                t = table;
            }
            EpollSocket socket = fd < t.length() ? t.get(fd) : null;
            // A stale event for a closed socket whose number was reused carries an old serial.
            if (socket != null && socket.serial == (int) (key >>> 32)) {
                socket.ready(flags);
            }
        }
    }
}
