package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Relays two {@link RelayEnd}s into each other, both ways, each read passed on at once. Between
 * two connections this is {@link Connection#relay}, which splices on epoll; otherwise one thread
 * per direction copies through a buffer of its own. A direction that ends shuts the other side's
 * output down; the relay is over when both directions have ended (or a side says it is over
 * sooner: {@link RelayEnd#overEarly}), or when one fails, which closes both sides.
 *
 * <p>Threads: the caller waits; each direction runs on a virtual thread of its own, which, being
 * a daemon, does not keep the process alive while it waits on standard input that never ends.
 */
final class RelayPump {

    private static final int BUFFER_SIZE = 16 * 1024;

    private RelayPump() {
    }

    /** Relays until the relay is over; the caller closes both sides. */
    static void relay(RelayEnd a, RelayEnd b) throws IOException {
        Optional<Connection> first = a.connection();
        Optional<Connection> second = b.connection();
        if (first.isPresent() && second.isPresent()) {
            first.get().relay(second.get());
            return;
        }
        BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
        start(a, b, true, ended);
        start(b, a, false, ended);
        boolean forwardDone = false;
        boolean backwardDone = false;
        try {
            while (!(forwardDone && backwardDone) && !a.overEarly(forwardDone, backwardDone)
                    && !b.overEarly(backwardDone, forwardDone)) {
                Ended one = ended.take();
                if (one.failure() != null) {
                    a.close();
                    b.close();
                    throw one.failure();
                }
                if (one.forward()) {
                    forwardDone = true;
                } else {
                    backwardDone = true;
                }
            }
        } catch (InterruptedException e) {
            a.close();
            b.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while relaying");
        }
    }

    private static void start(RelayEnd from, RelayEnd to, boolean forward, BlockingQueue<Ended> ended) {
        Thread.ofVirtual().name("netkit-relay").start(() -> {
            try {
                copy(from.input(), to.output());
                to.shutdownOutput();
                ended.add(new Ended(forward, null));
            } catch (IOException e) {
                ended.add(new Ended(forward, e));
            }
        });
    }

    /** Everything until end of stream, each read flushed on at once. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /** A direction that has ended: cleanly, or with {@code failure}. */
    private record Ended(boolean forward, IOException failure) {
    }
}
