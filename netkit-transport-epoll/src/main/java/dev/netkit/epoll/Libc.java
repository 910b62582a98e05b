package dev.netkit.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls the transport makes, as foreign function downcalls, and the Linux constants they
 * need (the same numbers on x86-64 and aarch64).
 *
 * <p>Every call that can fail takes a capture-state segment first (see {@link #errnoSegment}) so
 * that {@code errno} is read exactly as the call left it: the JVM itself may change errno before
 * Java code could ask for it. {@code recv}, {@code send}, {@code splice} and the non-blocking
 * {@code epoll_wait} are critical downcalls: no thread-state transition, and heap arrays are passed
 * without a copy. They never block, which is what makes that safe.
 *
 * <p>Threading: stateless; any thread.
 */
final class Libc {

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_ERROR = 4;
    static final int SO_KEEPALIVE = 9;
    static final int SO_REUSEPORT = 15;
    static final int SO_LINGER = 13;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int SHUT_WR = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETPIPE_SZ = 1032;
    static final int SIOCATMARK = 0x8905;
    static final int SPLICE_F_MOVE = 1;
    static final int SPLICE_F_NONBLOCK = 2;

    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLLET = 1 << 31;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EMFILE = 24;
    static final int ENFILE = 23;
    static final int EPIPE = 32;
    static final int EPERM = 1;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int ENETUNREACH = 101;
    static final int EINPROGRESS = 115;

    /**
     * {@code struct epoll_event}: {@code uint32_t events; uint64_t data}. The kernel header packs it
     * on x86-64 (12 bytes, data at offset 4); elsewhere it has natural alignment (16 bytes, data at 8).
     */
    static final boolean PACKED_EPOLL_EVENT = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final long EPOLL_EVENT_SIZE = PACKED_EPOLL_EVENT ? 12 : 16;
    static final long EPOLL_EVENT_DATA = PACKED_EPOLL_EVENT ? 4 : 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = handle("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND = handle("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = handle("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = handle("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle CONNECT = handle("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SHUTDOWN = handle("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    /** close() whose errno nobody reads: nothing is written anywhere after the number is freed. */
    private static final MethodHandle CLOSE_QUIETLY = LINKER.downcallHandle(LOOKUP.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
            handle("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKOPT =
            handle("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETSOCKNAME = handle("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETPEERNAME = handle("getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle PIPE2 = handle("pipe2", JAVA_INT, ADDRESS, JAVA_INT);
    // Both variadic in C: the last argument is passed as a variadic one.
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LOOKUP.find("fcntl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LOOKUP.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle EPOLL_CREATE1 = handle("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = handle("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_WAIT = handle("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LOOKUP.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // Critical: never block (non-blocking sockets, zero timeout), so the heap may be passed as is.
    private static final MethodHandle RECV = critical("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SEND = critical("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SPLICE =
            critical("splice", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle EPOLL_POLL =
            critical("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

    private Libc() {
    }

    private static MethodHandle handle(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LOOKUP.find(name).orElseThrow(), FunctionDescriptor.of(result, args), ERRNO);
    }

    private static MethodHandle critical(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LOOKUP.find(name).orElseThrow(), FunctionDescriptor.of(result, args),
                ERRNO, Linker.Option.critical(true));
    }

    /** A segment to capture errno in; one per thread that calls, reused call after call. */
    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(STATE_LAYOUT);
    }

    /** Bytes {@link #errnoSegment} takes: the capture state, errno alone on Linux. */
    static long errnoSize() {
        return STATE_LAYOUT.byteSize();
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    /** The C library's text for an errno, as the JDK's own socket errors use it. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static int socket(MemorySegment e, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(e, domain, type, protocol);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int bind(MemorySegment e, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(e, fd, address, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int listen(MemorySegment e, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(e, fd, backlog);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int accept4(MemorySegment e, int fd, MemorySegment address, MemorySegment length, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(e, fd, address, length, flags);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int connect(MemorySegment e, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(e, fd, address, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long recv(MemorySegment e, int fd, MemorySegment buffer, long length) {
        try {
            return (long) RECV.invokeExact(e, fd, buffer, length, 0);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code send} with MSG_NOSIGNAL: a write to a reset peer fails with EPIPE instead of raising SIGPIPE. */
    static long send(MemorySegment e, int fd, MemorySegment buffer, long length) {
        try {
            return (long) SEND.invokeExact(e, fd, buffer, length, MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code pipe2} into {@code fds} (two ints: the read end, then the write end). */
    static int pipe2(MemorySegment e, MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.invokeExact(e, fds, flags);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code fcntl(fd, command, argument)} for the commands that take an int. */
    static int fcntl(MemorySegment e, int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(e, fd, command, argument);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** {@code ioctl(fd, request, value)} for the requests that fill in an int, such as {@link #SIOCATMARK}. */
    static int ioctl(MemorySegment e, int fd, long request, MemorySegment value) {
        try {
            return (int) IOCTL.invokeExact(e, fd, request, value);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /**
     * {@code splice} between two descriptors at their current positions (a socket and a pipe),
     * never waiting: the descriptors are non-blocking and {@link #SPLICE_F_NONBLOCK} covers the pipe.
     */
    static long splice(MemorySegment e, int from, int to, long length) {
        try {
            return (long) SPLICE.invokeExact(e, from, MemorySegment.NULL, to, MemorySegment.NULL, length,
                    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int shutdown(MemorySegment e, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(e, fd, how);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** Closes {@code fd}, ignoring errors: Linux releases the number even when close reports one. */
    static void closeQuietly(int fd) {
        try {
            int ignored = (int) CLOSE_QUIETLY.invokeExact(fd);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int setsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(e, fd, level, name, value, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int getsockopt(MemorySegment e, int fd, int level, int name, MemorySegment value, MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(e, fd, level, name, value, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int getsockname(MemorySegment e, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(e, fd, address, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int getpeername(MemorySegment e, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETPEERNAME.invokeExact(e, fd, address, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int epollCreate(MemorySegment e) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(e, EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int epollCtl(MemorySegment e, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(e, epfd, op, fd, event);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** A blocking wait: a plain downcall, so the carrier or platform thread is released properly. */
    static int epollWait(MemorySegment e, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(e, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    /** A poll that returns at once (timeout 0): critical, it never blocks. */
    static int epollPoll(MemorySegment e, int epfd, MemorySegment events, int max) {
        try {
            return (int) EPOLL_POLL.invokeExact(e, epfd, events, max, 0);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static RuntimeException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("foreign call failed", t);
    }
}
