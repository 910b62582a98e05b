package dev.netkit.tls;

import dev.netkit.internal.StreamChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link RecordChannel#wrapAndSend} cuts application data into records and writes: a 64 KiB
 * write goes out as five records in one write (one system call, where one write per record made
 * five), and the peer's engine reads back exactly what was sent. The two engines shake hands in
 * memory.
 */
class RecordChannelTest {

    private static final TestPki PKI = TestPki.shared();

    @Test
    void sixtyFourKibibytesGoOutInOneWrite() throws Exception {
        Engines engines = Engines.connected();
        byte[] data = new byte[64 * 1024];
        new SplittableRandom(64).nextBytes(data);
        RecordingChannel raw = new RecordingChannel();
        ByteBuffer source = ByteBuffer.wrap(data);

        SSLEngineResult result = new RecordChannel(raw, engines.client).wrapAndSend(source);

        assertThat(result.getStatus()).isEqualTo(SSLEngineResult.Status.OK);
        assertThat(source.hasRemaining()).isFalse();
        assertThat(raw.writes).hasSize(1);
        assertThat(records(raw.writes.getFirst())).isBetween(2, RecordChannel.RECORDS_PER_SEND);
        assertThat(engines.serverReads(raw.writes.getFirst())).isEqualTo(data);
    }

    @Test
    void aSmallWriteIsOneRecordAndALargeOneAsFewWritesAsTheRecordsAllow() throws Exception {
        Engines engines = Engines.connected();
        RecordingChannel raw = new RecordingChannel();
        RecordChannel records = new RecordChannel(raw, engines.client);

        records.wrapAndSend(ByteBuffer.wrap("hello".getBytes()));
        byte[] large = new byte[200 * 1024];
        new SplittableRandom(200).nextBytes(large);
        ByteBuffer source = ByteBuffer.wrap(large);
        while (source.hasRemaining()) {
            records.wrapAndSend(source);
        }

        assertThat(records(raw.writes.getFirst())).isEqualTo(1);
        assertThat(engines.serverReads(raw.writes.getFirst())).isEqualTo("hello".getBytes());
        List<byte[]> rest = raw.writes.subList(1, raw.writes.size());
        // 200 KiB takes 13 records of at most 16 KiB: full writes, then what is left.
        assertThat(rest.stream().mapToInt(RecordChannelTest::records).sum()).isEqualTo(13);
        for (byte[] write : rest.subList(0, rest.size() - 1)) {
            assertThat(records(write)).isEqualTo(RecordChannel.RECORDS_PER_SEND);
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (byte[] write : rest) {
            read.write(engines.serverReads(write));
        }
        assertThat(read.toByteArray()).isEqualTo(large);
    }

    /** The TLS records in {@code wire}, by their headers (5 bytes: type, version, length). */
    private static int records(byte[] wire) {
        int count = 0;
        for (int at = 0; at < wire.length; at += 5 + ((wire[at + 3] & 0xff) << 8 | (wire[at + 4] & 0xff))) {
            count++;
        }
        return count;
    }

    /** A client and a server engine that have shaken hands with each other in memory. */
    private record Engines(SSLEngine client, SSLEngine server) {

        static Engines connected() throws Exception {
            SSLEngine client = PKI.clientTls().newEngine("localhost", 443);
            SSLEngine server = PKI.serverTls().newEngine();
            client.beginHandshake();
            server.beginHandshake();
            ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
            ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
            ByteBuffer ignored = ByteBuffer.allocate(64 * 1024);
            for (int step = 0; step < 100 && (handshaking(client) || handshaking(server)); step++) {
                shake(client, toClient, toServer, ignored);
                shake(server, toServer, toClient, ignored);
            }
            assertThat(handshaking(client) || handshaking(server)).as("handshake finished").isFalse();
            return new Engines(client, server);
        }

        /** One step of {@code engine}'s handshake: read what came in, write what it owes. */
        private static void shake(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws Exception {
            in.flip();
            while (in.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                if (engine.unwrap(in, app).bytesConsumed() == 0) {
                    break;
                }
                runTasks(engine);
            }
            in.compact();
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), out);
                runTasks(engine);
            }
            runTasks(engine);
        }

        private static void runTasks(SSLEngine engine) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }

        private static boolean handshaking(SSLEngine engine) {
            HandshakeStatus status = engine.getHandshakeStatus();
            return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
        }

        /** What the server's engine makes of {@code wire}: the application bytes in it. */
        byte[] serverReads(byte[] wire) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(wire);
            ByteBuffer app = ByteBuffer.allocate(wire.length + server.getSession().getApplicationBufferSize());
            while (in.hasRemaining()) {
                SSLEngineResult result = server.unwrap(in, app);
                runTasks(server);
                if (result.bytesConsumed() == 0) {
                    break;
                }
            }
            assertThat(in.hasRemaining()).as("every record read").isFalse();
            byte[] bytes = new byte[app.flip().remaining()];
            app.get(bytes);
            return bytes;
        }
    }

    /** A channel that only records what is written to it. */
    private static final class RecordingChannel implements StreamChannel {

        final List<byte[]> writes = new ArrayList<>();

        @Override
        public void write(byte[] buffer, int offset, int length) {
            byte[] copy = new byte[length];
            System.arraycopy(buffer, offset, copy, 0, length);
            writes.add(copy);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            throw new UnsupportedOperationException("nothing to read");
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
            return null;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }
    }
}
