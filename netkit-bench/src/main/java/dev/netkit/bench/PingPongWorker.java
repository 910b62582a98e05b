package dev.netkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The ping-pong workload on plain connections: each connection sends a message, waits until all
 * of it has come back (in as many pieces as the server likes), and sends it again, timing each
 * round trip.
 *
 * <p>Threading: as {@link SelectorWorker}.
 */
final class PingPongWorker extends SelectorWorker<PingPongWorker.Exchange> {

    /** A connection's state: one message in flight. */
    static final class Exchange extends Link {
        long sentAt;
        int received;

        Exchange(SocketChannel channel, ByteBuffer out) {
            super(channel, out);
        }
    }

    private final int size;
    private final ByteBuffer message;
    private final ByteBuffer readBuffer;

    PingPongWorker(int size, int index) throws IOException {
        super("netkit-bench-" + index);
        this.size = size;
        this.message = EchoPayload.direct(size);
        // One read takes a whole reply, however big.
        this.readBuffer = ByteBuffer.allocateDirect(Math.max(size, 256 * 1024));
    }

    @Override
    Exchange link(SocketChannel channel, int index) {
        return new Exchange(channel, message.duplicate());
    }

    @Override
    void registered(Exchange e) throws IOException {
        e.sentAt = System.nanoTime();
        flush(e);
    }

    @Override
    void turn() throws IOException {
        select(100);
    }

    @Override
    void readable(Exchange e) throws IOException {
        e.received += read(e, readBuffer);
        if (e.received >= size) {
            long now = System.nanoTime();
            record(now - e.sentAt);
            e.received -= size;
            e.sentAt = now;
            e.out.clear();
            flush(e);
        }
    }

    @Override
    void writable(Exchange e) throws IOException {
        flush(e);
    }
}
