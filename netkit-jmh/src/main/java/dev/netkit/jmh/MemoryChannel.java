package dev.netkit.jmh;

import dev.netkit.internal.StreamChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A stream channel in memory, so that a benchmark measures netkit's own code and not the kernel:
 * reads hand out {@code wire} again and again, at most {@code chunk} bytes per read (as a socket
 * hands out what has arrived), and writes are counted and dropped.
 *
 * <p>Under a {@link dev.netkit.internal.ChannelConnection} it gives the framing readers the same
 * buffered stream, with the same adaptive buffer, that a handler's {@code conn.input()} gives them.
 *
 * <p>Threading: one benchmark thread.
 */
final class MemoryChannel implements StreamChannel {

    private static final SocketAddress ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final byte[] wire;
    private final int chunk;
    private int position;
    private long written;
    private boolean open = true;

    MemoryChannel(byte[] wire, int chunk) {
        if (wire.length == 0 || chunk < 1) {
            throw new IllegalArgumentException("need bytes to hand out and a chunk of at least 1");
        }
        this.wire = wire;
        this.chunk = chunk;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        // Never across the end of the wire, so every lap cuts the records at the same places.
        int n = Math.min(Math.min(length, chunk), wire.length - position);
        System.arraycopy(wire, position, buffer, offset, n);
        position += n;
        if (position == wire.length) {
            position = 0;
        }
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        written += length;
    }

    /** Bytes written so far: keeps the writes observable, and lets a benchmark check them. */
    long written() {
        return written;
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public void abort() {
        open = false;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public SocketAddress localAddress() {
        return ADDRESS;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ADDRESS;
    }
}
