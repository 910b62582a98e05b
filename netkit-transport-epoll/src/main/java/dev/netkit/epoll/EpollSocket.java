package dev.netkit.epoll;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.LockSupport;

/**
 * One non-blocking socket descriptor, registered once with a {@link Poller}'s edge-triggered epoll:
 * its readiness flags, the threads parked on it, and a use count that makes closing safe.
 *
 * <p><b>Closing.</b> fd numbers are reused as soon as they are closed, so a thread still about to
 * call {@code recv(fd)} must never see the number closed under it (it could read another
 * connection's bytes). Every system call on the fd runs between {@link #acquire()} and
 * {@link #release()}; {@link #close()} only marks the socket closed and wakes parked threads, and
 * whichever of close and the last release sees the count reach zero closes the fd, exactly once.
 * Threads hold a use only for one non-blocking call, never while parked, so close is prompt.
 *
 * <p><b>Readiness.</b> The poller sets {@link #readable} / {@link #writable} on each edge and
 * unparks the thread waiting in that direction; a thread clears its flag <i>before</i> each system
 * call, so an edge that arrives during the call is kept. The flags are per direction, so a read edge
 * that arrives while the only thread is parked for a write is never lost. RDHUP, HUP and ERR are
 * sticky ({@link #hangup}): after them no further edge comes, so reads always ask the kernel.
 *
 * <p><b>Waiting without a thread.</b> Instead of parking a reader, a caller may leave a task
 * ({@link #callWhenReadable}) that the next read edge, hangup or close runs once; the task and the
 * readiness flag are published in opposite orders by the two sides, so one of them always sees
 * the other and the task neither runs twice nor is forgotten.
 *
 * <p>Threading: one reader and one writer at a time (each direction serialised by its caller), the
 * poller thread for {@link #ready}, and any thread for {@link #close()}.
 */
final class EpollSocket {

    private static final VarHandle STATE;
    private static final VarHandle ON_READABLE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(EpollSocket.class, "state", int.class);
            ON_READABLE = lookup.findVarHandle(EpollSocket.class, "onReadable", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int CLOSED = 1 << 30;
    private static final System.Logger LOG = System.getLogger("dev.netkit.epoll");

    final int fd;
    final Poller poller;
    /** Tells this socket's events from those of an earlier socket that had the same fd number. */
    final int serial;
    /**
     * errno capture for the reading and the writing thread (each direction has one thread at a
     * time), shared with later sockets of the same number: read errno before {@link #release()}.
     */
    final MemorySegment readErrno;
    final MemorySegment writeErrno;

    // CLOSED bit | number of system calls in progress.
    private volatile int state;
    volatile boolean readable;
    volatile boolean writable;
    volatile boolean hangup;
    private volatile Thread reader;
    private volatile Thread writer;
    /** Run once by the next read edge or close instead of unparking a reader: see {@link #callWhenReadable}. */
    private volatile Runnable onReadable;

    EpollSocket(int fd, Poller poller, int serial) {
        this.fd = fd;
        this.poller = poller;
        this.serial = serial;
        this.readErrno = ErrnoSlots.forReads(fd);
        this.writeErrno = ErrnoSlots.forWrites(fd);
    }

    /** Called by the poller with the epoll events of one edge. */
    void ready(int events) {
        if ((events & (Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            hangup = true;
        }
        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            readable = true;
            Thread t = reader;
            if (t != null) {
                LockSupport.unpark(t);
            }
            runOnReadable();
        }
        if ((events & (Libc.EPOLLOUT | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0) {
            writable = true;
            Thread t = writer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Takes a use for one system call; throws if the socket is closed. */
    void acquire() throws ClosedChannelException {
        int s;
        do {
            s = state;
            if ((s & CLOSED) != 0) {
                throw new ClosedChannelException();
            }
        } while (!STATE.compareAndSet(this, s, s + 1));
    }

    void release() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if (s == CLOSED) {
            closeDescriptor();
        }
    }

    boolean isOpen() {
        return (state & CLOSED) == 0;
    }

    /** Marks the socket closed, wakes its parked threads, and closes the fd once no call uses it. */
    void close() {
        int s;
        do {
            s = state;
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | CLOSED));
        if (s == 0) {
            closeDescriptor();
        }
        LockSupport.unpark(reader);
        LockSupport.unpark(writer);
        runOnReadable();
    }

    /**
     * Leaves {@code task} for the next read edge, hangup or close to run once (on the poller's or
     * the closing thread). Returns false, taking the task back, when one of those already
     * happened: the caller then reads at once instead.
     */
    boolean callWhenReadable(Runnable task) {
        onReadable = task;
        if ((readable || hangup || !isOpen()) && ON_READABLE.compareAndSet(this, task, null)) {
            return false;
        }
        return true;
    }

    private void runOnReadable() {
        if (onReadable != null) {
            Runnable task = (Runnable) ON_READABLE.getAndSet(this, null);
            if (task != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // Runs on the poller or a closing thread, neither of which may die of it.
                    LOG.log(System.Logger.Level.ERROR, "a task waiting for input on socket " + fd + " failed", e);
                }
            }
        }
    }

    private void closeDescriptor() {
        // Out of the poller's table first: once closed, the number may be handed to a new socket.
        poller.deregister(this);
        // Without errno capture: once close frees the number, a new socket may own its errno
        // slots. close() on Linux releases the fd even when it reports an error; never retry it.
        Libc.closeQuietly(fd);
    }

    /**
     * Parks the reading thread until a read edge or close, or a hangup when {@code untilHangup}
     * (a connected socket, whose reads then always reach the kernel; a listening socket ignores it,
     * or a stray hangup would make accept spin).
     */
    void awaitReadable(boolean untilHangup) throws IOException {
        Thread me = Thread.currentThread();
        reader = me;
        try {
            while (!readable && !(untilHangup && hangup) && isOpen()) {
                LockSupport.park(this);
                checkInterrupt(me);
            }
        } finally {
            reader = null;
        }
        checkAsyncClose();
    }

    /**
     * Parks the writing thread until a write edge or close, or until {@code deadline}
     * ({@link System#nanoTime()}; 0 for none). Returns false when the deadline passed.
     */
    boolean awaitWritable(long deadline) throws IOException {
        Thread me = Thread.currentThread();
        writer = me;
        try {
            while (!writable && isOpen()) {
                if (deadline == 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                checkInterrupt(me);
            }
        } finally {
            writer = null;
        }
        checkAsyncClose();
        return true;
    }

    /**
     * Parks the thread that reads and writes (a relay) until a read edge or hangup (when
     * {@code read}), a write edge (when {@code write}), or close.
     */
    void awaitEither(boolean read, boolean write) throws IOException {
        Thread me = Thread.currentThread();
        if (read) {
            reader = me;
        }
        if (write) {
            writer = me;
        }
        try {
            while (!(read && (readable || hangup)) && !(write && writable) && isOpen()) {
                LockSupport.park(this);
                checkInterrupt(me);
            }
        } finally {
            if (read) {
                reader = null;
            }
            if (write) {
                writer = null;
            }
        }
        checkAsyncClose();
    }

    /** As NIO's interruptible channels: an interrupt while blocked closes the channel. */
    private void checkInterrupt(Thread me) throws IOException {
        if (me.isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
    }

    private void checkAsyncClose() throws AsynchronousCloseException {
        if (!isOpen()) {
            throw new AsynchronousCloseException();
        }
    }
}
