package dev.netkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The stream workload on plain connections: each connection writes chunks back to back, at most
 * {@link EchoPayload#STREAM_WINDOW} ahead of what has come back, and times each chunk from the
 * start of its write to the arrival of its last byte.
 *
 * <p>Threading: as {@link SelectorWorker}.
 */
final class StreamWorker extends SelectorWorker<StreamWorker.Stream> {

    /** A connection's state: a ring of the start times of the chunks in flight. */
    static final class Stream extends Link {
        final long[] startedAt = new long[EchoPayload.STREAM_WINDOW];
        long started;           // chunks whose write has begun
        long completed;         // chunks whose last byte has come back
        long received;          // bytes come back
        boolean writing;        // a chunk's write has begun and not ended
        boolean waitingForWindow;

        Stream(SocketChannel channel, ByteBuffer out) {
            super(channel, out);
        }
    }

    private final int size;
    private final ByteBuffer chunk;
    private final ByteBuffer readBuffer;

    StreamWorker(int size, int index) throws IOException {
        super("netkit-bench-" + index);
        this.size = size;
        this.chunk = EchoPayload.direct(size);
        // One read takes a good share of a socket buffer.
        this.readBuffer = ByteBuffer.allocateDirect(Math.max(size, 256 * 1024));
    }

    @Override
    Stream link(SocketChannel channel, int index) {
        return new Stream(channel, chunk.duplicate());
    }

    @Override
    void registered(Stream s) {
        s.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    @Override
    void turn() throws IOException {
        select(100);
    }

    @Override
    void readable(Stream s) throws IOException {
        int n;
        do {
            n = read(s, readBuffer);
            s.received += n;
        } while (n == readBuffer.capacity());
        long now = 0;
        while (s.completed < s.started && s.received >= (s.completed + 1) * size) {
            if (now == 0) {
                now = System.nanoTime();
            }
            record(now - s.startedAt[slot(s.completed)]);
            s.completed++;
        }
        if (s.waitingForWindow && s.started - s.completed < EchoPayload.STREAM_WINDOW) {
            s.waitingForWindow = false;
            s.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    @Override
    void writable(Stream s) throws IOException {
        if (!s.writing) {
            if (s.started - s.completed == EchoPayload.STREAM_WINDOW) {
                s.waitingForWindow = true;
                s.key.interestOps(SelectionKey.OP_READ);
                return;
            }
            s.out.clear();
            s.startedAt[slot(s.started)] = System.nanoTime();
            s.started++;
            s.writing = true;
        }
        s.writing = write(s);
    }

    private static int slot(long chunk) {
        return (int) (chunk % EchoPayload.STREAM_WINDOW);
    }
}
