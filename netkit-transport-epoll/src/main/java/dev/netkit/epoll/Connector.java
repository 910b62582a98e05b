package dev.netkit.epoll;

import dev.netkit.internal.SocketErrors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A non-blocking connect bounded in time: {@code connect} returns EINPROGRESS, the socket is then
 * registered, and the calling thread parks until the write edge (connected) or an error edge, then
 * reads the outcome from {@code SO_ERROR}.
 *
 * <p>The socket is registered only after {@code connect} has started: epoll reports a socket that
 * was never connected as hung up, which would leave a sticky hangup on a healthy connection.
 *
 * <p>Threading: runs on the connecting thread.
 */
final class Connector {

    private Connector() {
    }

    /**
     * A connected, registered socket; null when {@code deadline} ({@link System#nanoTime()}, 0 for
     * none) passed first. Failures are thrown as {@link SocketErrors#connectFailed} makes them.
     */
    static EpollSocket connect(SocketAddress address, long deadline, String where) throws IOException {
        int family = SockAddr.family(address);
        int fd = EpollTransport.openSocket(family);
        int errno = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errnoState = Libc.errnoSegment(arena);
            MemorySegment sockaddr = arena.allocate(SockAddr.MAX_SIZE, 8);
            int length = SockAddr.encode(address, family, sockaddr);
            long backoff = 1_000_000L;
            while (Libc.connect(errnoState, fd, sockaddr, length) < 0) {
                errno = Libc.errno(errnoState);
                // A Unix listener with a full backlog says EAGAIN and gives no edge: retry, bounded.
                if (errno != Libc.EAGAIN || family != Libc.AF_UNIX) {
                    break;
                }
                if (deadline != 0 && System.nanoTime() + backoff - deadline > 0) {
                    EpollTransport.closeQuietly(fd);
                    return null;
                }
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, 50_000_000L);
                errno = 0;
            }
        } catch (IOException e) {
            EpollTransport.closeQuietly(fd);
            throw SocketErrors.connectFailed(where, e);
        } catch (RuntimeException e) {
            EpollTransport.closeQuietly(fd);
            throw e;
        }
        if (errno != 0 && errno != Libc.EINPROGRESS && errno != Libc.EINTR) {
            EpollTransport.closeQuietly(fd);
            throw SocketErrors.connectFailed(where, Errors.connectException(errno));
        }
        EpollSocket socket = Pollers.next().register(fd);
        if (errno == 0) {
            return socket;
        }
        try {
            if (!socket.awaitWritable(deadline)) {
                socket.close();
                return null;
            }
            int error = soError(socket);
            if (error != 0) {
                throw SocketErrors.connectFailed(where, Errors.connectException(error));
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static int soError(EpollSocket socket) throws IOException {
        socket.acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errnoState = Libc.errnoSegment(arena);
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, 4);
            if (Libc.getsockopt(errnoState, socket.fd, Libc.SOL_SOCKET, Libc.SO_ERROR, value, length) < 0) {
                throw Errors.exception(Libc.errno(errnoState));
            }
            return value.get(JAVA_INT, 0);
        } finally {
            socket.release();
        }
    }
}
