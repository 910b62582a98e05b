package dev.netkit.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay of a connection's input into its own output ({@link Relay}), on an in-memory
 * {@link PolledChannel} whose reads and writes take what a test script allows: partial writes,
 * reads that arrive while the output is blocked, end of stream, and a splice that takes over a
 * stream.
 */
class RelayTest {

    @Test
    void everythingArrivesInOrderThroughPartialWrites() throws IOException {
        byte[] data = random(300_000, 1);
        MemoryChannel channel = new MemoryChannel(1_000);
        channel.arrive(data, 7_777);
        channel.end();
        ChannelConnection conn = new ChannelConnection(channel);

        long relayed = conn.input().transferTo(conn.output());

        assertThat(relayed).isEqualTo(data.length);
        assertThat(channel.written()).isEqualTo(data);
        assertThat(conn.bytesRead()).isEqualTo(data.length);
        assertThat(conn.bytesWritten()).isEqualTo(data.length);
    }

    @Test
    void whileTheOutputIsBlockedInputIsReadOnAndWrittenInFewerLargerWrites() throws IOException {
        byte[] data = random(64 * 100, 2);
        MemoryChannel channel = new MemoryChannel(64 * 10); // room for ten messages per wait...
        channel.blockOutput(); // ...and none at first
        channel.arrive(data, 64);
        channel.end();
        ChannelConnection conn = new ChannelConnection(channel);

        conn.input().transferTo(conn.output());

        assertThat(channel.written()).isEqualTo(data);
        assertThat(channel.reads).isEqualTo(100);
        // An event loop's gathering write: one write per wait for room, not one per read.
        assertThat(channel.writes).isEqualTo(channel.waitsForRoom).isEqualTo(10);
    }

    @Test
    void relayingWhatHasArrivedReturnsWhenInputRunsDryAndMinusOneAtTheEnd() throws IOException {
        MemoryChannel channel = new MemoryChannel(Integer.MAX_VALUE);
        ChannelConnection conn = new ChannelConnection(channel);
        channel.arrive("first".getBytes(), 5);
        channel.dryAfterwards();

        assertThat(conn.transferAvailableTo(conn.output())).isEqualTo(5);
        assertThat(new String(channel.written())).isEqualTo("first");

        channel.end();
        assertThat(conn.transferAvailableTo(conn.output())).isEqualTo(-1);
    }

    @Test
    void aStreamIsHandedToTheSpliceOnceItHasGrownTheBufferAndEverythingStillArrivesInOrder() throws IOException {
        byte[] data = random(3 * 1024 * 1024, 3);
        MemoryChannel channel = new MemoryChannel(256 * 1024);
        channel.spliceable = true;
        channel.arrive(data, 200_000);
        channel.end();
        ChannelConnection conn = new ChannelConnection(channel);

        long relayed = conn.input().transferTo(conn.output());

        assertThat(relayed).isEqualTo(data.length);
        assertThat(channel.written()).isEqualTo(data);
        assertThat(channel.splicesOpened).isEqualTo(1);
        assertThat(channel.splicedBytes).isPositive().isLessThan(data.length);
        assertThat(channel.openSplices).isZero();
    }

    @Test
    void smallBurstsAfterAStreamGoBackThroughTheBuffer() throws IOException {
        MemoryChannel channel = new MemoryChannel(Integer.MAX_VALUE);
        channel.spliceable = true;
        ChannelConnection conn = new ChannelConnection(channel);
        // A stream grows the buffer to the splice threshold and hands over to the pipe...
        channel.arrive(random(512 * 1024, 4), 128 * 1024);
        channel.dryAfterwards();
        assertThat(conn.transferAvailableTo(conn.output())).isEqualTo(512 * 1024);
        assertThat(channel.splicesOpened).isPositive();
        // ...then small messages, enough of them in a row, bring it back below the threshold.
        for (int i = 0; i < Relay.SHRINK_AFTER + 1; i++) {
            channel.arrive(new byte[] {(byte) i}, 1);
            channel.dryAfterwards();
            assertThat(conn.transferAvailableTo(conn.output())).isEqualTo(1);
        }
        int splices = channel.splicesOpened;
        channel.arrive(new byte[] {42}, 1);
        channel.dryAfterwards();
        conn.transferAvailableTo(conn.output());
        assertThat(channel.splicesOpened).isEqualTo(splices);
        assertThat(channel.openSplices).isZero();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /**
     * Reads return the chunks the test queued, then 0 ("would block") at a dry point or -1 after
     * the end; writes take at most {@code room} bytes between two waits for room.
     */
    private static final class MemoryChannel implements PolledChannel {
        private static final Object DRY = new Object();
        private static final Object END = new Object();

        private final ArrayDeque<Object> input = new ArrayDeque<>();
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final int roomPerWait;
        private int room;
        boolean spliceable;
        int reads;
        int writes;
        int waitsForRoom;
        int splicesOpened;
        int openSplices;
        long splicedBytes;

        MemoryChannel(int roomPerWait) {
            this.roomPerWait = roomPerWait;
            this.room = roomPerWait;
        }

        void arrive(byte[] data, int chunk) {
            for (int i = 0; i < data.length; i += chunk) {
                input.add(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunk)));
            }
        }

        void blockOutput() {
            room = 0;
        }

        void dryAfterwards() {
            input.add(DRY);
        }

        void end() {
            input.add(END);
        }

        byte[] written() {
            return output.toByteArray();
        }

        @Override
        public int readNow(byte[] buffer, int offset, int length) {
            Object next = input.peek();
            if (next == null || next == DRY) {
                return 0;
            }
            if (next == END) {
                return -1;
            }
            byte[] chunk = (byte[]) input.poll();
            int n = Math.min(length, chunk.length);
            System.arraycopy(chunk, 0, buffer, offset, n);
            if (n < chunk.length) {
                input.push(Arrays.copyOfRange(chunk, n, chunk.length));
            }
            reads++;
            return n;
        }

        @Override
        public int writeNow(byte[] buffer, int offset, int length) {
            int n = Math.min(length, room);
            if (n > 0) {
                output.write(buffer, offset, n);
                room -= n;
                writes++;
            }
            return n;
        }

        @Override
        public void awaitReady(boolean read, boolean write) {
            if (write && room == 0) {
                waitsForRoom++;
                room = roomPerWait;
                return;
            }
            if (read && input.peek() == DRY) {
                input.poll(); // the test's next bytes are the next edge
                return;
            }
            if (read && !input.isEmpty()) {
                return;
            }
            throw new AssertionError("the relay would wait forever (read " + read + ", write " + write + ")");
        }

        @Override
        public Splice openSplice() {
            if (!spliceable) {
                return null;
            }
            splicesOpened++;
            openSplices++;
            return new Splice() {
                private final ByteArrayOutputStream pipe = new ByteArrayOutputStream();

                @Override
                public int in() {
                    byte[] room = new byte[64 * 1024 - pipe.size()];
                    int n = room.length == 0 ? 0 : readNow(room, 0, room.length);
                    if (n > 0) {
                        pipe.write(room, 0, n);
                    }
                    return n;
                }

                @Override
                public int out() {
                    byte[] pending = pipe.toByteArray();
                    int n = writeNow(pending, 0, pending.length);
                    pipe.reset();
                    pipe.write(pending, n, pending.length - n);
                    splicedBytes += n;
                    return n;
                }

                @Override
                public int pending() {
                    return pipe.size();
                }

                @Override
                public boolean stopped() {
                    return false;
                }

                @Override
                public void close() {
                    openSplices--;
                }
            };
        }

        @Override
        public boolean resumeWhenReadable(Runnable task) {
            return false;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            throw new AssertionError("a relay on a polled channel never blocks in read");
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            throw new AssertionError("a relay on a polled channel never blocks in write");
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void abort() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public SocketAddress localAddress() {
            return UnixDomainSocketAddress.of("memory");
        }

        @Override
        public SocketAddress remoteAddress() {
            return UnixDomainSocketAddress.of("memory");
        }
    }
}
