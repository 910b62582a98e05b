package dev.netkit.framing;

import dev.netkit.internal.StreamChannel;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream channel in memory, for a connection whose reads arrive cut at chosen places: reads
 * hand out {@code wire} in the given chunk sizes (the last one repeated), then end of stream.
 * Writes are kept, with the size of each call.
 */
final class MemoryChannel implements StreamChannel {

    private static final SocketAddress ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final byte[] wire;
    private final int[] chunks;
    private int position;
    private int reads;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Integer> writes = new ArrayList<>();
    private volatile boolean open = true;

    MemoryChannel(byte[] wire, int... chunks) {
        this.wire = wire;
        this.chunks = chunks.length == 0 ? new int[] {Integer.MAX_VALUE} : chunks;
    }

    /** A channel that hands out {@code wire} in two reads, cut at {@code cut}. */
    static MemoryChannel cutAt(byte[] wire, int cut) {
        return cut <= 0 || cut >= wire.length ? new MemoryChannel(wire) : new MemoryChannel(wire, cut, Integer.MAX_VALUE);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position == wire.length) {
            return -1;
        }
        int chunk = chunks[Math.min(reads++, chunks.length - 1)];
        int n = Math.min(Math.min(length, chunk), wire.length - position);
        System.arraycopy(wire, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) {
        written.write(buffer, offset, length);
        writes.add(length);
    }

    synchronized byte[] written() {
        return written.toByteArray();
    }

    /** The size of each write call, in order. */
    synchronized List<Integer> writes() {
        return new ArrayList<>(writes);
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
