package dev.netkit.framing;

import java.io.InputStream;
import java.util.Random;

/** Hands out its bytes in random chunk sizes, as a socket does. */
final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final Random random;
    private int position;

    ChunkedInputStream(byte[] data, long seed) {
        this.data = data;
        this.random = new Random(seed);
    }

    @Override
    public int read() {
        return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - position);
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }

    int consumed() {
        return position;
    }
}
