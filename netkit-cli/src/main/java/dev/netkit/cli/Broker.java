package dev.netkit.cli;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.group.ConnectionGroup;

import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code listen --broker}: whatever a connection sends goes to every other connection, as bytes
 * (not lines), through the {@link ConnectionGroup}'s bounded queues: a member that stops reading
 * slows the senders, then is cut off, and the others lose nothing. A connection whose peer ends
 * its output leaves, after what was queued for it is written (within a bound), and is closed.
 *
 * <p>Threads: {@link #handle} runs on each connection's thread; the group writes to each member on
 * a thread of its own.
 */
final class Broker implements ConnectionHandler {

    /** How long a leaving member's queue may take to go out. */
    static final Duration FLUSH_ON_LEAVE = Duration.ofSeconds(2);

    private static final int BUFFER_SIZE = 16 * 1024;

    private final ConnectionGroup group = ConnectionGroup.builder().name("broker").build();

    @Override
    public void handle(Connection conn) throws Exception {
        group.join(conn);
        try {
            byte[] buffer = new byte[BUFFER_SIZE];
            InputStream in = conn.input();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                group.broadcast(Arrays.copyOf(buffer, n), conn);
            }
        } finally {
            group.leave(conn, FLUSH_ON_LEAVE);
        }
    }
}
