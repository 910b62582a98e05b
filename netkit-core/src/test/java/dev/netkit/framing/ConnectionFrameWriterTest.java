package dev.netkit.framing;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.internal.ChannelConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FrameWriter} on a connection's output, which writes header and payload without a copy. */
class ConnectionFrameWriterTest {

    /** Sizes around the output buffer's 8 KiB and the 64 KiB a write is sliced at. */
    private static final int[] SIZES = {2, 100, 8187, 8188, 8189, 8192, 20_000, 65_535, 65_536, 65_540, 200_000};
    private static final int[] ROUND_TRIP_SIZES = {0, 1, 8187, 8188, 8189, 8192, 65_535, 65_536, 65_540, 200_000};
    private static final int WRITERS = 4;
    private static final int FRAMES_EACH = 60;

    /** A payload that names its writer and number (from 2 bytes up) and whose every byte can be checked. */
    static byte[] payload(int writer, int number, int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (writer * 31 + number * 7 + i);
        }
        if (size >= 2) {
            p[0] = (byte) writer;
            p[1] = (byte) number;
        }
        return p;
    }

    /** Reads {@code count} frames and checks each is whole: the size and bytes of one writer's frame. */
    static void checkFrames(FrameReader reader, int count) throws IOException {
        int[] next = new int[WRITERS];
        for (int f = 0; f < count; f++) {
            byte[] frame = reader.read();
            assertThat(frame).as("frame " + f).isNotNull();
            // Each writer's frames arrive in its order, so the frame must be some writer's next one.
            int writer = -1;
            for (int w = 0; w < WRITERS && writer < 0; w++) {
                int n = next[w];
                if (n < FRAMES_EACH && frame.length == SIZES[(w + n) % SIZES.length]
                        && java.util.Arrays.equals(frame, payload(w, n, frame.length))) {
                    writer = w;
                }
            }
            assertThat(writer).as("frame " + f + " of " + frame.length + " bytes is one writer's next frame").isNotNegative();
            next[writer]++;
        }
    }

    static void writeFrames(FrameWriter writer, int w) throws IOException {
        for (int n = 0; n < FRAMES_EACH; n++) {
            writer.write(payload(w, n, SIZES[(w + n) % SIZES.length]));
        }
    }

    @Test
    void framesFromConcurrentWritersNeverInterleave() throws Exception {
        MemoryChannel channel = new MemoryChannel(new byte[0]);
        FrameWriter writer = new FrameWriter(new ChannelConnection(channel).output(), 1 << 20);
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    writeFrames(writer, id);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        byte[] written = channel.written();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(written), 1 << 20);
        checkFrames(reader, WRITERS * FRAMES_EACH);
        assertThat(reader.read()).isNull();
    }

    @Test
    void framesFromConcurrentWritersArriveWholeOverLoopback() throws Exception {
        CompletableFuture<Void> checked = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    try {
                        checkFrames(new FrameReader(c.input(), 1 << 20), WRITERS * FRAMES_EACH);
                        checked.complete(null);
                    } catch (Throwable e) {
                        checked.completeExceptionally(e);
                    }
                }).start();
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            FrameWriter writer = new FrameWriter(conn.output(), 1 << 20);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                CompletableFuture<Void> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        writeFrames(writer, id);
                        f.complete(null);
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
                done.add(f);
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            checked.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void largeAndSmallFramesComeBackExactOverLoopback() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            CompletableFuture<List<byte[]>> received = CompletableFuture.supplyAsync(() -> {
                FrameReader reader = new FrameReader(conn.input(), 1 << 20);
                List<byte[]> frames = new ArrayList<>();
                try {
                    for (int i = 0; i < ROUND_TRIP_SIZES.length; i++) {
                        frames.add(reader.read());
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return frames;
            }, r -> Thread.ofVirtual().start(r));
            FrameWriter writer = new FrameWriter(conn.output(), 1 << 20);
            for (int i = 0; i < ROUND_TRIP_SIZES.length; i++) {
                writer.write(payload(1, i, ROUND_TRIP_SIZES[i]));
            }
            List<byte[]> frames = received.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < ROUND_TRIP_SIZES.length; i++) {
                assertThat(frames.get(i)).as("frame of " + ROUND_TRIP_SIZES[i]).isEqualTo(payload(1, i, ROUND_TRIP_SIZES[i]));
            }
        }
    }

    @Test
    void aFrameFollowsWhatWasBufferedAndALargeOneNeverSendsItsHeaderAlone() throws IOException {
        MemoryChannel channel = new MemoryChannel(new byte[0]);
        ChannelConnection conn = new ChannelConnection(channel);
        FrameWriter writer = new FrameWriter(conn.output(), 1 << 20);
        byte[] small = payload(0, 0, 10);
        byte[] large = payload(0, 1, 20_000);

        conn.output().write(new byte[] {'x', 'y'});
        writer.write(small);
        conn.output().write(new byte[] {'z'});
        writer.write(large, 0, large.length);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {'x', 'y'});
        expected.writeBytes(ByteBuffer.allocate(4).putInt(10).array());
        expected.writeBytes(small);
        expected.write('z');
        expected.writeBytes(ByteBuffer.allocate(4).putInt(20_000).array());
        expected.writeBytes(large);
        assertThat(channel.written()).isEqualTo(expected.toByteArray());
        // One write for the small frame; the large one fills the 8 KiB buffer (byte, header and
        // the payload's start), then the rest of the payload in one more.
        assertThat(channel.writes()).containsExactly(2 + 4 + 10, 8192, 1 + 4 + 20_000 - 8192);
    }

    @Test
    void aFrameWithinAnArrayWritesOnlyItsSlice() throws IOException {
        MemoryChannel channel = new MemoryChannel(new byte[0]);
        FrameWriter writer = new FrameWriter(new ChannelConnection(channel).output(), 100_000);
        byte[] array = payload(2, 0, 90_000);
        writer.write(array, 5, 70_000);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(channel.written()), 100_000);
        assertThat(reader.read()).isEqualTo(java.util.Arrays.copyOfRange(array, 5, 70_005));
        assertThat(reader.read()).isNull();
    }
}
