package dev.netkit.framing;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hands out its bytes in pieces that end at chosen positions, as a socket may: a read never
 * returns bytes from both sides of a cut.
 */
final class SplitInputStream extends InputStream {

    private final byte[] data;
    private final int[] cuts;
    private final String name;
    private int position;
    private int nextCut;

    private SplitInputStream(byte[] data, int[] cuts, String name) {
        this.data = data;
        this.cuts = cuts;
        this.name = name;
    }

    /**
     * Streams of {@code data} cut at every position in turn, one cut each, then one cut at every
     * position at once (a byte per read): every place a read can end.
     */
    static List<SplitInputStream> everySplit(byte[] data) {
        List<SplitInputStream> streams = new ArrayList<>();
        for (int cut = 1; cut < data.length; cut++) {
            streams.add(new SplitInputStream(data, new int[] {cut}, "cut at " + cut));
        }
        int[] all = new int[Math.max(0, data.length - 1)];
        Arrays.setAll(all, i -> i + 1);
        streams.add(new SplitInputStream(data, all, "a byte per read"));
        return streams;
    }

    @Override
    public int read() {
        if (position == data.length) {
            return -1;
        }
        passCuts();
        return data[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position == data.length) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        passCuts();
        int end = nextCut < cuts.length ? cuts[nextCut] : data.length;
        int n = Math.min(len, end - position);
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }

    private void passCuts() {
        while (nextCut < cuts.length && cuts[nextCut] <= position) {
            nextCut++;
        }
    }

    /** How many bytes have been read. */
    int consumed() {
        return position;
    }

    @Override
    public String toString() {
        return name;
    }
}
