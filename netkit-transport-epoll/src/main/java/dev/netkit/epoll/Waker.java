package dev.netkit.epoll;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Wakes parked pollers. An outer epoll holds each poller's epoll fd, one-shot: an epoll fd is
 * readable while it has pending events. A parked poller re-arms its entry ({@link #arm}) just
 * before parking; this platform thread, blocked in {@code epoll_wait} without a timeout, then
 * unparks it at the first event. One-shot entries mean a poller that is busy polling never causes
 * a wake-up here, and an idle process has this thread asleep in the kernel.
 *
 * <p>Threading: {@link #run()} on the one waker platform thread; {@link #arm} on poller threads.
 */
final class Waker {

    private static final System.Logger LOG = System.getLogger("dev.netkit.epoll");
    private static final int ARMED = Libc.EPOLLIN | Libc.EPOLLONESHOT;

    private final int epfd;
    private final List<Poller> pollers;

    Waker(List<Poller> pollers) throws IOException {
        this.pollers = List.copyOf(pollers);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = Libc.epollCreate(errno);
            if (fd < 0) {
                throw new IOException("epoll_create1: " + Libc.strerror(Libc.errno(errno)));
            }
            this.epfd = fd;
            for (Poller p : this.pollers) {
                // Added disarmed-equivalent: armed once here; the poller re-arms before each park.
                control(arena.allocate(Libc.EPOLL_EVENT_SIZE, 8), errno, Libc.EPOLL_CTL_ADD, p);
            }
        }
        Thread.ofPlatform().daemon().name("netkit-epoll-waker").start(this::run);
    }

    /** Re-arms {@code poller}'s entry; called by the poller just before it parks. */
    void arm(Poller poller) {
        try {
            control(poller.armEvent, poller.armErrno, Libc.EPOLL_CTL_MOD, poller);
        } catch (IOException e) {
            // Without the entry nothing would wake the poller: wake it now, it will poll and retry.
            LOG.log(Level.ERROR, "cannot arm the epoll waker: {0}", e.getMessage());
            LockSupport.unpark(poller.thread());
        }
    }

    private void control(MemorySegment event, MemorySegment errno, int op, Poller poller) throws IOException {
        event.set(JAVA_INT, 0, ARMED);
        event.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_EVENT_DATA, poller.index);
        if (Libc.epollCtl(errno, epfd, op, poller.epfd, event) < 0) {
            throw new IOException("epoll_ctl: " + Libc.strerror(Libc.errno(errno)));
        }
    }

    private void run() {
        int max = pollers.size();
        MemorySegment events = Arena.global().allocate(Libc.EPOLL_EVENT_SIZE * max, 8);
        MemorySegment errno = Libc.errnoSegment(Arena.global());
        while (true) {
            int n = Libc.epollWait(errno, epfd, events, max, -1);
            if (n < 0) {
                if (Libc.errno(errno) != Libc.EINTR) {
                    LOG.log(Level.ERROR, "epoll_wait failed: {0}", Libc.strerror(Libc.errno(errno)));
                    LockSupport.parkNanos(100_000_000L);
                }
                continue;
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long data = events.get(JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_EVENT_DATA);
                Poller poller = pollers.get((int) data);
                poller.wokenAt = now; // when the events were seen, for the poller's spin policy
                LockSupport.unpark(poller.thread());
            }
        }
    }
}
