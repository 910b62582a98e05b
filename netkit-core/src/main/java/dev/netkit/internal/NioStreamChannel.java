package dev.netkit.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking {@link SocketChannel}. Reads and writes on heap arrays; the JDK copies through its
 * per-carrier temporary direct buffers, as it does for every heap-buffer channel I/O.
 */
final class NioStreamChannel implements StreamChannel {

    private final SocketChannel channel;
    private final boolean tcp;
    // One wrapper per direction, reused while the caller keeps passing the same array.
    private ByteBuffer readView = ByteBuffer.allocate(0);
    private ByteBuffer writeView = ByteBuffer.allocate(0);

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
        return channel.read(view);
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
