package dev.netkit.bench;

/**
 * Splits what one connection reads into lines (LF-terminated), carrying an unfinished line from one
 * read to the next. A line longer than the maximum is skipped whole, without being buffered.
 *
 * <p>Threading: one thread at a time.
 */
final class LineSplitter {

    /** Receives each complete line, its line break excluded, as {@code b[from, to)}. */
    interface Sink {
        void line(byte[] b, int from, int to);
    }

    private final int max;
    private byte[] carry;          // allocated on the first line that spans two reads
    private int carried;
    private boolean skipping;

    LineSplitter(int max) {
        this.max = max;
    }

    /** Hands every line completed by {@code b[0, n)} to {@code sink}. */
    void feed(byte[] b, int n, Sink sink) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (carried > 0 || skipping) {
                if (!skipping && append(b, start, i)) {
                    sink.line(carry, 0, carried);
                }
                carried = 0;
                skipping = false;
            } else if (i - start <= max) {
                sink.line(b, start, i);
            }
            start = i + 1;
        }
        if (start < n && !skipping) {
            append(b, start, n);
        }
    }

    /** Adds {@code b[from, to)} to the unfinished line; false (and skipping) when it grew too long. */
    private boolean append(byte[] b, int from, int to) {
        int length = to - from;
        if (carried + length > max) {
            skipping = true;
            carried = 0;
            return false;
        }
        if (carry == null) {
            carry = new byte[max];
        }
        System.arraycopy(b, from, carry, carried, length);
        carried += length;
        return true;
    }
}
