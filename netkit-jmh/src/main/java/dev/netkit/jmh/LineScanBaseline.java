package dev.netkit.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Not netkit's code: the same CRLF lines as {@link LineBenchmark} (many per read), cut out of a
 * byte array by a loop that looks for the LF in place and decodes the line in one step. This is
 * the floor for a line reader that could scan its input buffer instead of taking one byte per
 * call from an {@code InputStream}; the gap to {@link LineBenchmark} is what such a reader would
 * be worth. {@link #scan} looks at one byte at a time, {@link #scanWords} at eight.
 */
@State(Scope.Thread)
public class LineScanBaseline {

    @Param({"16", "100", "1024"})
    int length;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private byte[] wire;
    private int position;

    @Setup
    public void setUp() {
        byte[] record = new byte[length + 2];
        System.arraycopy(Wire.text(length), 0, record, 0, length);
        record[length] = '\r';
        record[length + 1] = '\n';
        wire = Wire.repeat(record);
    }

    @Benchmark
    public String scan(WireBytes counter) {
        byte[] w = wire;
        int end = position;
        while (w[end] != '\n') {
            end++;
        }
        return cut(end, counter);
    }

    @Benchmark
    public String scanWords(WireBytes counter) {
        byte[] w = wire;
        int i = position;
        int end = -1;
        for (; i + Long.BYTES <= w.length; i += Long.BYTES) {
            long x = (long) LONGS.get(w, i) ^ LFS;
            // the lowest byte of x that is zero is the first LF (a zero byte sets its high bit)
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                end = i + (Long.numberOfTrailingZeros(found) >>> 3);
                break;
            }
        }
        if (end < 0) {
            end = i;
            while (w[end] != '\n') {
                end++;
            }
        }
        return cut(end, counter);
    }

    private String cut(int end, WireBytes counter) {
        byte[] w = wire;
        int start = position;
        int stop = end > start && w[end - 1] == '\r' ? end - 1 : end;
        position = end + 1 == w.length ? 0 : end + 1;
        counter.bytes += end + 1 - start;
        return new String(w, start, stop - start, StandardCharsets.UTF_8);
    }
}
