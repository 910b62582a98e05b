package dev.netkit.jmh;

import dev.netkit.framing.FrameReader;
import dev.netkit.internal.ChannelConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link FrameReader#read()} over a connection's input: one length-prefixed frame of
 * {@code size} payload bytes per operation, with many frames per read (64 KiB reads) or each
 * frame split across about three reads.
 */
@State(Scope.Thread)
public class FrameReadBenchmark {

    @Param({"64", "1024", "65536"})
    int size;

    @Param({"many", "split"})
    String arrival;

    private FrameReader reader;

    @Setup
    public void setUp() throws IOException {
        byte[] payload = Wire.text(size);
        byte[] record = ByteBuffer.allocate(4 + size).putInt(size).put(payload).array();
        ChannelConnection conn = new ChannelConnection(new MemoryChannel(Wire.repeat(record), Wire.chunk(arrival, record.length)));
        reader = new FrameReader(conn.input(), 1024 * 1024);
        for (int i = 0; i < 3; i++) {
            if (!Arrays.equals(reader.read(), payload)) {
                throw new IllegalStateException("a frame did not come back as written");
            }
        }
    }

    @Benchmark
    public byte[] read(WireBytes counter) throws IOException {
        counter.bytes += 4 + size;
        return reader.read();
    }
}
