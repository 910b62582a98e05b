package dev.netkit.testing;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A long stream of bytes that a seed determines: sent in chunks of varied size, and checked byte
 * for byte where it arrives, without holding either side in memory.
 */
public final class SeededBytes {

    private SeededBytes() {
    }

    /** Sends {@code length} bytes of the sequence of {@code seed} in chunks of varied size, then half-closes. */
    public static void send(Connection conn, long seed, int length) {
        SplittableRandom data = new SplittableRandom(seed);
        SplittableRandom sizes = new SplittableRandom(~seed);
        byte[] chunk = new byte[200_000];
        try {
            int sent = 0;
            while (sent < length) {
                int n = Math.min(1 + sizes.nextInt(chunk.length), length - sent);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) data.nextInt();
                }
                conn.output().write(chunk, 0, n);
                conn.output().flush();
                sent += n;
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads to end of stream, checking every byte against the sequence of {@code seed}; returns the count. */
    public static long verify(InputStream in, long seed) throws IOException {
        SplittableRandom expected = new SplittableRandom(seed);
        byte[] buffer = new byte[70_000];
        byte[] want = new byte[buffer.length];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                want[i] = (byte) expected.nextInt();
            }
            if (!Arrays.equals(buffer, 0, n, want, 0, n)) {
                throw new AssertionError("the bytes after " + count + " differ from those sent");
            }
            count += n;
        }
        return count;
    }
}
