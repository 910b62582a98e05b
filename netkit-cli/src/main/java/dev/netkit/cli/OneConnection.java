package dev.netkit.cli;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code listen} without {@code -k}: serves one connection, as {@code nc -l} does, and reports how
 * it ended. The server is started with room for one connection, so later ones wait in the
 * backlog and are refused when it stops; one accepted in the moment before the stop is closed.
 *
 * <p>Threads: the handler runs on the connection's thread; {@link #serve} waits on the caller's.
 */
final class OneConnection implements ConnectionHandler {

    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private final ConnectionHandler handler;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private OneConnection(ConnectionHandler handler) {
        this.handler = handler;
    }

    /**
     * Starts {@code builder}'s server with {@code handler} for its first connection, waits until
     * that one is done and stops the server.
     *
     * @param builder the server, configured but for its handler and connection cap
     * @param handler what to do with the connection
     * @throws Exception what the handler threw: the command reports it and exits 1
     */
    static void serve(Server.Builder builder, ConnectionHandler handler) throws Exception {
        OneConnection one = new OneConnection(handler);
        try (Server server = builder.maxConnections(1).handler(one).start()) {
            try {
                one.done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception failure ? failure : e;
            } finally {
                server.stop(STOP_GRACE);
            }
        }
    }

    @Override
    public void handle(Connection conn) {
        if (!taken.compareAndSet(false, true)) {
            conn.abort(); // came in while the first one finished: nc -l would have refused it
            return;
        }
        try {
            handler.handle(conn);
            done.complete(null);
        } catch (Exception | Error e) {
            done.completeExceptionally(e);
        }
    }
}
