package dev.netkit.epoll;

import dev.netkit.internal.Splice;
import dev.netkit.internal.PolledChannel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A connected TCP or Unix socket on epoll. Reads and writes pass the caller's heap array straight
 * to {@code recv}/{@code send} (critical downcalls), without the copy NIO makes through its
 * temporary direct buffers.
 *
 * <p>A read shorter than the space offered means the socket is drained, so the next read parks
 * for the next edge instead of making a system call that would find nothing: the first of the two
 * extra system calls per round trip that NIO makes (the other, an {@code epoll_ctl} per park, is
 * gone because sockets are registered once).
 *
 * <p>Threading: one reading thread and one writing thread at a time, as {@link dev.netkit.internal.StreamChannel}
 * requires; {@link #close()} and {@link #abort()} from any thread.
 */
final class EpollStreamChannel implements PolledChannel {

    private final EpollSocket socket;
    private final boolean tcp;
    private final SocketAddress local;
    private final SocketAddress remote;
    // Touched by the reading thread alone.
    private boolean drained;
    private boolean eof;
    private byte[] readArray;
    private MemorySegment readSegment;
    /**
     * The last array written from and its segment, reused while the writer keeps passing the same
     * array. One field, so that the reading thread may drop it ({@link #resumeWhenReadable}) while
     * a writer runs: the writer then merely makes a new one.
     */
    private volatile WriteView writeView;
    private volatile boolean outputShut;
    /**
     * Touched by the writing thread alone (or the relaying thread, which is both): the last write
     * found the send buffer full.
     */
    private boolean full;

    EpollStreamChannel(EpollSocket socket, boolean tcp, SocketAddress local, SocketAddress remote) {
        this.socket = socket;
        this.tcp = tcp;
        this.local = local;
        this.remote = remote;
        // Registered just before: epoll reports input that was already waiting as a first edge.
        this.drained = true;
    }

    @Override
    public int readNow(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        if (drained && !socket.readable && !socket.hangup) {
            return 0; // no edge since the socket was last found empty: nothing to ask the kernel for
        }
        return recv(readTarget(buffer, offset, length), length);
    }

    /** One recv (again after EINTR): the byte count, -1 at end of stream, 0 when the socket is empty. */
    private int recv(MemorySegment target, int length) throws IOException {
        while (true) {
            long n = readCall(target, -1, length);
            if (n > 0) {
                drained = n < length;
                return (int) n;
            }
            if (n == 0) {
                eof = true;
                return -1;
            }
            int errno = (int) -n;
            if (errno == Libc.EAGAIN) {
                drained = true;
                return 0;
            }
            if (errno != Libc.EINTR) {
                throw Errors.exception(errno);
            }
        }
    }

    @Override
    public int writeNow(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0 || (full && !socket.writable)) {
            // The send buffer was full and no edge has said it drained: trickling the few bytes
            // it may have taken since into tiny sends would cost a system call each.
            return 0;
        }
        int n = send(writeTarget(buffer, offset, length), length);
        full = n < length;
        return n;
    }

    /** One send (again after EINTR): the bytes the send buffer took, 0 when it is full. */
    private int send(MemorySegment from, int length) throws IOException {
        while (true) {
            long n = writeCall(from, -1, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = (int) -n;
            if (errno == Libc.EAGAIN) {
                return 0;
            }
            if (errno != Libc.EINTR) {
                throw Errors.exception(errno);
            }
        }
    }

    /**
     * The one system call that reads from the socket: {@code recv} into {@code target}, or, with
     * {@code target} null, {@code splice} into the pipe whose write end is {@code pipe}. Clears
     * the read flag first, so an edge during the call is kept. Returns what the call returned, or
     * {@code -errno} when it failed (errno is read before the use is released: see {@link ErrnoSlots}).
     */
    private long readCall(MemorySegment target, int pipe, long length) throws ClosedChannelException {
        socket.acquire();
        try {
            socket.readable = false;
            long n = target != null
                    ? Libc.recv(socket.readErrno, socket.fd, target, length)
                    : Libc.splice(socket.readErrno, socket.fd, pipe, length);
            return n < 0 ? -Libc.errno(socket.readErrno) : n;
        } finally {
            socket.release();
        }
    }

    /**
     * The one system call that writes to the socket: {@code send} from {@code from}, or, with
     * {@code from} null, {@code splice} from the pipe whose read end is {@code pipe}; as
     * {@link #readCall}, with the write flag. Output shut down first fails it.
     */
    private long writeCall(MemorySegment from, int pipe, long length) throws ClosedChannelException {
        if (outputShut) {
            throw new ClosedChannelException();
        }
        socket.acquire();
        try {
            socket.writable = false;
            long n = from != null
                    ? Libc.send(socket.writeErrno, socket.fd, from, length)
                    : Libc.splice(socket.writeErrno, pipe, socket.fd, length);
            return n < 0 ? -Libc.errno(socket.writeErrno) : n;
        } finally {
            socket.release();
        }
    }

    @Override
    public void awaitReady(boolean read, boolean write) throws IOException {
        // A read that filled its buffer may have left bytes behind, with no edge to announce them.
        if (read && (!drained || eof)) {
            return;
        }
        socket.awaitEither(read, write);
    }

    private MemorySegment readTarget(byte[] buffer, int offset, int length) {
        if (buffer != readArray) {
            readArray = buffer;
            readSegment = MemorySegment.ofArray(buffer);
        }
        // recv is told the length, so from offset 0 the whole array's segment serves: no slice to allocate.
        return offset == 0 ? readSegment : readSegment.asSlice(offset, length);
    }

    private MemorySegment writeTarget(byte[] buffer, int offset, int length) {
        WriteView view = writeView;
        if (view == null || view.array != buffer) {
            view = new WriteView(buffer, MemorySegment.ofArray(buffer));
            writeView = view;
        }
        return offset == 0 ? view.segment : view.segment.asSlice(offset, length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (eof) {
            // No edge follows end of stream: answer from memory, as NIO answers -1 again.
            return -1;
        }
        MemorySegment target = readTarget(buffer, offset, length);
        while (true) {
            if (drained && !socket.readable && !socket.hangup) {
                socket.awaitReadable(true);
            }
            int n = recv(target, length);
            if (n != 0) {
                return n;
            }
        }
    }

    @Override
    public Splice openSplice() {
        return openSplice(this);
    }

    @Override
    public Splice openSplice(PolledChannel to) {
        if (!(to instanceof EpollStreamChannel target) || !Pipes.enabled()) {
            return null;
        }
        long pipe = Pipes.take();
        return pipe == Pipes.NONE ? null : new PipeSplice(this, target, pipe);
    }

    @Override
    public boolean resumeWhenReadable(Runnable task) {
        // A read that filled its buffer may have left bytes behind, and no edge announces those.
        if (!drained || eof) {
            return false;
        }
        // Let go of the callers' buffers: a connection waiting this way should hold none.
        forgetArrays();
        return socket.callWhenReadable(task);
    }

    @Override
    public void forgetArrays() {
        readArray = null;
        readSegment = null;
        writeView = null;
    }

    @Override
    public void releaseWriteArray() {
        writeView = null;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        while (length > 0) {
            int n = send(writeTarget(buffer, offset, length), length);
            offset += n;
            length -= n;
            if (length > 0) {
                // A short write means the send buffer is full: wait for the edge that frees it.
                socket.awaitWritable(0);
            }
        }
        full = false; // writeNow must not hold back on a buffer this write found room in
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.acquire();
        try {
            if (Libc.shutdown(socket.writeErrno, socket.fd, Libc.SHUT_WR) < 0) {
                int errno = Libc.errno(socket.writeErrno);
                // Shutting down twice, or after the peer vanished, is not worth an exception: NIO is quiet too.
                if (errno != Libc.ENOTCONN) {
                    throw Errors.exception(errno);
                }
            }
            outputShut = true;
        } finally {
            socket.release();
        }
    }

    @Override
    public void abort() {
        if (tcp && socket.isOpen()) {
            try {
                socket.acquire();
            } catch (ClosedChannelException e) {
                return;
            }
            // SO_LINGER {on, 0}: close sends a reset and drops unsent data.
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment linger = arena.allocate(8, 4);
                linger.set(JAVA_INT, 0, 1);
                linger.set(JAVA_INT, 4, 0);
                Libc.setsockopt(Libc.errnoSegment(arena), socket.fd, Libc.SOL_SOCKET, Libc.SO_LINGER, linger, 8);
            } finally {
                socket.release();
            }
        }
        close();
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String toString() {
        return "epoll socket " + socket.fd + " " + remote;
    }

    private record WriteView(byte[] array, MemorySegment segment) {
    }

    /** Whether {@code errno} from a splice says the socket cannot be spliced at all, here. */
    private static boolean unsupported(int errno) {
        return errno == Libc.EINVAL || errno == Libc.ENOSYS || errno == Libc.EOPNOTSUPP || errno == Libc.EPERM;
    }

    /**
     * A relay through a pipe: {@code splice} from one socket into the pipe and from the pipe into
     * another socket, or back into the same one (an echo). The kernel moves references to its own
     * buffers, and the bytes never reach user space. It keeps each channel's state as
     * {@link #readNow} and {@link #writeNow} do ({@code drained} and {@code eof} of the source,
     * {@code full} of the target, the readiness flags), so that plain reads, writes and
     * {@link #resumeWhenReadable} carry on correctly after it.
     */
    private static final class PipeSplice implements Splice {

        /** Asked of each splice in: more than a pipe holds, so the pipe is the limit. */
        private static final long IN_MAX = 1 << 20;

        private final EpollStreamChannel from;
        private final EpollStreamChannel to;
        private final long pipe;
        private int pending;
        private boolean stopped;
        private boolean closed;
        private MemorySegment answer;

        PipeSplice(EpollStreamChannel from, EpollStreamChannel to, long pipe) {
            this.from = from;
            this.to = to;
            this.pipe = pipe;
        }

        @Override
        public int in() throws IOException {
            if (from.eof) {
                return -1;
            }
            if (stopped || (from.drained && !from.socket.readable && !from.socket.hangup)) {
                return 0;
            }
            while (true) {
                long n = from.readCall(null, Pipes.writeEnd(pipe), IN_MAX);
                if (n > 0) {
                    from.drained = false;
                    pending += (int) n;
                    return (int) n;
                }
                int errno = (int) -n;
                if (n == 0 || (errno == Libc.EAGAIN && pending == 0)) {
                    // Nothing moved into an empty pipe: the socket is empty or at its end, unless
                    // TCP urgent data stops splice short. It stops at the urgent mark, where recv
                    // skips the urgent byte and reads on.
                    if (atUrgentMark()) {
                        stopped = true;
                        return 0;
                    }
                    if (n == 0) {
                        from.eof = true;
                        return -1;
                    }
                    from.drained = true;
                    return 0;
                }
                if (errno == Libc.EAGAIN) {
                    return 0; // the socket is empty, or the pipe full: ask again once it has emptied
                }
                if (pending == 0 && unsupported(errno)) {
                    // This kernel or sandbox cannot splice this socket: no relay will try again.
                    Pipes.disable();
                    stopped = true;
                    return 0;
                }
                if (errno != Libc.EINTR) {
                    throw Errors.exception(errno);
                }
            }
        }

        /** Whether the next byte to read is TCP urgent data; false where the socket cannot say. */
        private boolean atUrgentMark() throws IOException {
            if (!from.tcp) {
                return false;
            }
            EpollSocket socket = from.socket;
            if (answer == null) {
                answer = ErrnoSlots.forReadQueries(socket.fd);
            }
            socket.acquire();
            try {
                return Libc.ioctl(socket.readErrno, socket.fd, Libc.SIOCATMARK, answer) == 0
                        && answer.get(JAVA_INT, 0) != 0;
            } finally {
                socket.release();
            }
        }

        @Override
        public boolean stopped() {
            return stopped;
        }

        @Override
        public int out() throws IOException {
            if (pending == 0 || (to.full && !to.socket.writable)) {
                return 0;
            }
            while (true) {
                long n = to.writeCall(null, Pipes.readEnd(pipe), pending);
                if (n > 0) {
                    // A short splice need not mean a full socket, so only EAGAIN holds later ones off.
                    pending -= (int) n;
                    to.full = false;
                    return (int) n;
                }
                int errno = (int) -n;
                if (n == 0 || errno == Libc.EAGAIN) {
                    to.full = true;
                    return 0;
                }
                if (errno != Libc.EINTR) {
                    throw Errors.exception(errno);
                }
            }
        }

        @Override
        public int pending() {
            return pending;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pending == 0) {
                Pipes.give(pipe);
            } else {
                Pipes.drop(pipe);
            }
        }
    }
}
