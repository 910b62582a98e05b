package dev.netkit;

import dev.netkit.internal.OnInput;

import java.util.Objects;

/**
 * The code that serves one connection.
 *
 * <p>The server calls {@link #handle} on the connection's own virtual thread, so a handler is plain
 * sequential code: read, decide, write. Blocking is cheap; a write blocks while the peer is slow.
 * When {@code handle} returns the server flushes and closes the connection. An exception that
 * escapes is logged (quietly when the peer went away, with its stack trace otherwise) and the
 * connection is closed; other connections are not affected. The thread has the context class
 * loader of the thread that started the server and inherits no inheritable thread-locals.
 */
@FunctionalInterface
public interface ConnectionHandler {

    void handle(Connection connection) throws Exception;

    /**
     * Called instead of {@link #handle} when this handler was left to run on the next input
     * ({@link Connection#resumeOnInput}) and the connection closed first: an idle timeout, a stop,
     * a close from another thread. For a handler that must clean up after the connection (leave a
     * room, give back a name). It runs on a thread of the server's, before the connection is
     * logged as closed; an exception it throws is logged as one escaping a handler. By default
     * nothing.
     *
     * @param connection the closed connection
     * @throws Exception logged by the server
     */
    default void closedWhileWaiting(Connection connection) throws Exception {
    }

    /**
     * A handler that runs {@code handler} once the peer has sent something, ended its output or
     * failed: the same as {@code c -> c.resumeOnInput(handler)}, but where a connection can wait
     * without a thread (the epoll transport, without TLS) the server does not even start one until
     * then. For protocols where the client speaks first (echo, request and response) and servers
     * that hold many quiet connections.
     */
    static ConnectionHandler onInput(ConnectionHandler handler) {
        return new OnInput(Objects.requireNonNull(handler, "handler"));
    }
}
