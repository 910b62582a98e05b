package dev.netkit.jmh;

import dev.netkit.framing.FrameWriter;
import dev.netkit.internal.ChannelConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * {@link FrameWriter#write(byte[])} to a connection's output: one frame of {@code size} payload
 * bytes per operation, written and flushed to a channel that drops the bytes.
 */
@State(Scope.Thread)
public class FrameWriteBenchmark {

    @Param({"64", "1024", "65536"})
    int size;

    private MemoryChannel channel;
    private FrameWriter writer;
    private byte[] payload;
    private long frames;

    @Setup
    public void setUp() {
        channel = new MemoryChannel(new byte[1], 1);
        writer = new FrameWriter(new ChannelConnection(channel).output(), 1024 * 1024);
        payload = Wire.text(size);
    }

    @Benchmark
    public void write(WireBytes counter) throws IOException {
        writer.write(payload);
        frames++;
        counter.bytes += 4 + size;
    }

    @TearDown
    public void check() {
        // Every frame flushed: the channel saw header and payload of each, and nothing more.
        if (channel.written() != frames * (4L + size)) {
            throw new IllegalStateException(channel.written() + " bytes written for " + frames + " frames of " + size);
        }
    }
}
