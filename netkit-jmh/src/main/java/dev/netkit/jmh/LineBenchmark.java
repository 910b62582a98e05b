package dev.netkit.jmh;

import dev.netkit.framing.LineReader;
import dev.netkit.internal.ChannelConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link LineReader#readLine()} over a connection's input: one CRLF-terminated line of
 * {@code length} ASCII bytes per operation, strict or lenient, with many lines per read or each
 * line split across about three reads.
 */
@State(Scope.Thread)
public class LineBenchmark {

    @Param({"16", "100", "1024"})
    int length;

    @Param({"strict", "lenient"})
    String mode;

    @Param({"many", "split"})
    String arrival;

    private LineReader reader;
    private int wireLength;

    @Setup
    public void setUp() throws IOException {
        byte[] text = Wire.text(length);
        byte[] record = new byte[length + 2];
        System.arraycopy(text, 0, record, 0, length);
        record[length] = '\r';
        record[length + 1] = '\n';
        wireLength = record.length;
        ChannelConnection conn = new ChannelConnection(new MemoryChannel(Wire.repeat(record), Wire.chunk(arrival, record.length)));
        reader = switch (mode) {
            case "strict" -> LineReader.strict(conn.input(), 8 * 1024);
            case "lenient" -> LineReader.lenient(conn.input(), 8 * 1024);
            default -> throw new IllegalArgumentException("mode must be strict or lenient, got " + mode);
        };
        String expected = new String(text, StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            String line = reader.readLine();
            if (!expected.equals(line)) {
                throw new IllegalStateException("read " + line + ", expected " + expected);
            }
        }
    }

    @Benchmark
    public String readLine(WireBytes counter) throws IOException {
        counter.bytes += wireLength;
        return reader.readLine();
    }
}
