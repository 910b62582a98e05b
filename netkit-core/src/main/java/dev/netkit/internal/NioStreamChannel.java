package dev.netkit.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking {@link SocketChannel}. Reads and writes on heap arrays; the JDK copies through its
 * per-carrier temporary direct buffers, as it does for every heap-buffer channel I/O.
 *
 * <p>A read that found the socket empty is expensive on a virtual thread: the JDK tries the read
 * (EAGAIN), registers the socket with its poller ({@code epoll_ctl}), parks, and reads again when
 * woken; four system calls per request-response round trip where an event loop needs two. When
 * the previous read drained the socket, the next one would most likely find it empty, so the
 * connection's thread first yields to the other virtual threads that are ready to run: by the
 * time it runs again its peer has usually answered, and the read succeeds at once, without the
 * empty read and the registration (docs/performance.md has the counts). When nothing else is
 * ready to run, the yield comes straight back and the system calls stay as they were.
 */
final class NioStreamChannel implements StreamChannel {

    private final SocketChannel channel;
    private final boolean tcp;
    // One wrapper per direction, reused while the caller keeps passing the same array.
    private static final ByteBuffer NO_VIEW = ByteBuffer.allocate(0);

    private ByteBuffer readView = NO_VIEW;
    // Volatile: the reading thread may drop it (forgetArrays) while a writer runs.
    private volatile ByteBuffer writeView = NO_VIEW;
    // The last read returned less than asked for: the socket was empty after it. Reading thread only.
    private boolean drained;

    private final SocketAddress local;
    private final SocketAddress remote;

    NioStreamChannel(SocketChannel channel, boolean tcp) throws IOException {
        this.channel = channel;
        this.tcp = tcp;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer view = readView;
        if (!view.hasArray() || view.array() != buffer) {
            view = readView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        if (drained && Thread.currentThread().isVirtual()) {
            // On a platform thread yield() is a system call and saves none, so only virtual threads do it.
            Thread.yield();
        }
        int n = channel.read(view);
        drained = n < length;
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer view = writeView;
        if (!view.hasArray() || view.array() != buffer) {
            view = writeView = ByteBuffer.wrap(buffer);
        }
        view.limit(offset + length).position(offset);
        while (view.hasRemaining()) {
            channel.write(view);
        }
    }

    @Override
    public void forgetArrays() {
        readView = NO_VIEW;
        writeView = NO_VIEW;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void abort() {
        if (tcp && channel.isOpen()) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // already broken: a plain close is all that is left
            }
        }
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a failed close leaves nothing to do
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }
}
