package dev.netkit.epoll;

import dev.netkit.Endpoint;
import dev.netkit.internal.ListenChannel;
import dev.netkit.internal.SocketErrors;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.UnixSocketFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A listening socket on epoll. {@code accept4} hands out non-blocking, close-on-exec sockets, which
 * are registered with the next poller in turn.
 *
 * <p>Out of descriptors (EMFILE, ENFILE) is thrown as an {@link IOException}, and the server's accept
 * loop backs off; the pending connection stays queued, and since no new edge will announce it, the
 * next {@link #accept()} asks the kernel again instead of waiting for one.
 *
 * <p>Threading: {@link #accept()} on the listener's one thread (its address buffers are its own);
 * {@link #close()} from any thread, failing a blocked accept.
 */
final class EpollListenChannel implements ListenChannel {

    static {
        // Load the error path now: out of descriptors, loading a class from a directory or a jar
        // not yet opened needs a descriptor too, and the NoClassDefFoundError would end the
        // server's accept loop instead of letting it back off.
        Errors.exception(Libc.EMFILE);
        SocketErrors.describe(new IOException());
    }

    private final EpollSocket socket;
    private final Endpoint endpoint;
    private final SocketAddress boundAddress;
    private final UnixSocketFiles.Bound socketFile;
    private final boolean tcp;
    private final MemorySegment peer;
    private final MemorySegment peerLength;
    private final MemorySegment noDelay;
    // The accepting thread's own, for calls on a new socket that no EpollSocket owns yet.
    private final MemorySegment acceptErrno;
    private final MemorySegment localScratch;
    private final MemorySegment localLength;
    /** The last local address seen and its raw form: connections to one address share one object. */
    private SocketAddress lastLocal;
    private byte[] lastLocalRaw = new byte[0];
    /** An IPv4 peer's address bytes, copied here on the way to its InetAddress. */
    private final byte[] peerIp = new byte[4];
    private boolean drained;

    EpollListenChannel(EpollSocket socket, Endpoint endpoint, SocketAddress boundAddress, UnixSocketFiles.Bound socketFile) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.boundAddress = boundAddress;
        this.socketFile = socketFile;
        this.tcp = endpoint instanceof Endpoint.Tcp;
        Arena arena = Arena.ofAuto();
        this.peer = arena.allocate(SockAddr.MAX_SIZE, 8);
        this.peerLength = arena.allocate(JAVA_INT);
        this.noDelay = arena.allocate(JAVA_INT);
        this.acceptErrno = Libc.errnoSegment(arena);
        this.localScratch = arena.allocate(SockAddr.MAX_SIZE, 8);
        this.localLength = arena.allocate(JAVA_INT);
    }

    @Override
    public StreamChannel accept() throws IOException {
        while (true) {
            if (drained && !socket.readable) {
                socket.awaitReadable(false);
            }
            int fd;
            int errno = 0;
            socket.acquire();
            try {
                socket.readable = false;
                peerLength.set(JAVA_INT, 0, SockAddr.MAX_SIZE);
                fd = Libc.accept4(socket.readErrno, socket.fd, peer, peerLength, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
                if (fd < 0) {
                    errno = Libc.errno(socket.readErrno);
                }
            } finally {
                socket.release();
            }
            if (fd >= 0) {
                drained = false;
                return open(fd);
            }
            switch (errno) {
                case Libc.EAGAIN -> drained = true;
                // A peer that gave up before we got to it: NIO skips it too.
                case Libc.EINTR, Libc.ECONNABORTED -> { }
                default -> {
                    drained = false;
                    throw Errors.exception(errno);
                }
            }
        }
    }

    private StreamChannel open(int fd) throws IOException {
        SocketAddress remote;
        SocketAddress local;
        try {
            remote = peerOf(peerLength.get(JAVA_INT, 0));
            if (tcp) {
                noDelay.set(JAVA_INT, 0, 1);
                if (Libc.setsockopt(acceptErrno, fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, noDelay, 4) < 0) {
                    throw Errors.exception(Libc.errno(acceptErrno));
                }
                local = localOf(fd);
            } else {
                local = boundAddress;
            }
        } catch (IOException | RuntimeException e) {
            EpollTransport.closeQuietly(fd);
            throw e;
        }
        EpollSocket accepted = Pollers.next().register(fd);
        return new EpollStreamChannel(accepted, tcp, local, remote);
    }

    /**
     * The accepted socket's local address. A listener on a wildcard address serves connections to
     * several addresses, so ask; but most arrive at the same one, and they share one object.
     */
    private SocketAddress localOf(int fd) throws IOException {
        localLength.set(JAVA_INT, 0, SockAddr.MAX_SIZE);
        if (Libc.getsockname(acceptErrno, fd, localScratch, localLength) < 0) {
            throw Errors.exception(Libc.errno(acceptErrno));
        }
        int length = localLength.get(JAVA_INT, 0);
        if (length == lastLocalRaw.length && sameBytes(localScratch, lastLocalRaw)) {
            return lastLocal;
        }
        lastLocal = SockAddr.decode(localScratch, length);
        lastLocalRaw = localScratch.asSlice(0, length).toArray(JAVA_BYTE);
        return lastLocal;
    }

    /**
     * The accepted connection's peer. Every connection gets an InetAddress of its own: one shared
     * by connections from the same host would carry a name that one connection's handler looked
     * up (getHostName) into the others' addresses. An IPv4 address is built without the slice and
     * array that {@link SockAddr#decode} makes.
     */
    private SocketAddress peerOf(int length) throws IOException {
        if (length >= 8 && peer.get(JAVA_SHORT, 0) == Libc.AF_INET) {
            MemorySegment.copy(peer, JAVA_BYTE, 4, peerIp, 0, 4);
            return new InetSocketAddress(InetAddress.getByAddress(peerIp), SockAddr.port(peer));
        }
        return SockAddr.decode(peer, length);
    }

    /** Whether {@code raw} starts with {@code bytes}; compared in place, allocating nothing. */
    private static boolean sameBytes(MemorySegment raw, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (raw.get(JAVA_BYTE, i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        // The file first: while the socket is open it holds the file's inode (see Bound.release).
        if (socketFile != null) {
            socketFile.release();
        }
        socket.close();
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
