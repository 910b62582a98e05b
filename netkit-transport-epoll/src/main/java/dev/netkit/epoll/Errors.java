package dev.netkit.epoll;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

/**
 * errno values as the exceptions the JDK's NIO sockets throw for them, so that code above the
 * transport (the server's quiet-on-reset logging, SocketErrors' messages) behaves the same on both.
 *
 * <p>Threading: stateless; any thread.
 */
final class Errors {

    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;
    private static final int EACCES = 13;

    private Errors() {
    }

    /** The exception for a failed read or any other call on a connected socket. */
    static IOException exception(int errno) {
        return switch (errno) {
            // NIO's read says "Connection reset"; both directions use it here so callers see one text.
            case Libc.ECONNRESET -> new SocketException("Connection reset");
            case Libc.EPIPE, Libc.ENOTCONN, Libc.ETIMEDOUT, Libc.ECONNABORTED -> new SocketException(Libc.strerror(errno));
            case Libc.EHOSTUNREACH, Libc.ENETUNREACH -> new NoRouteToHostException(Libc.strerror(errno));
            case EADDRINUSE, EADDRNOTAVAIL, EACCES -> new BindException(Libc.strerror(errno));
            default -> new IOException(Libc.strerror(errno));
        };
    }

    /** The exception for a failed connect: NIO's types, which SocketErrors turns into its messages. */
    static IOException connectException(int errno) {
        return switch (errno) {
            case Libc.ECONNREFUSED, Libc.ETIMEDOUT -> new ConnectException(Libc.strerror(errno));
            // A Unix socket path that does not exist: NIO says SocketException, not NoSuchFileException.
            case Libc.ENOENT -> new SocketException(Libc.strerror(errno));
            default -> exception(errno);
        };
    }
}
