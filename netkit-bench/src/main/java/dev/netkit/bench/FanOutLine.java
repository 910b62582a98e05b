package dev.netkit.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fan-out workload's chat line: what a sender writes, and how a member picks the load's own
 * lines out of whatever the server sends (welcome and join notices, other chatter).
 *
 * <pre>
 * sent (exactly SIZE bytes, when the fields fit):
 *     #fanout 3 1207 88120554113 xxxxxxxxxxxxxxxxxxxxxxxxxxx\n
 *             |  |    |           padding to SIZE bytes
 *             |  |    nanoseconds since the run's time base, when it was sent
 *             |  sequence number of this sender's message (-1: a roll-call probe)
 *             sender: the member's index
 * delivered, with whatever prefix the server adds:
 *     guest-4: #fanout 3 1207 88120554113 xxxxxxxxxxxxxxxxxxxxxxxxxxx\n
 * </pre>
 *
 * <p>A line without the marker is not the load's and is ignored. Pure: no I/O; {@link Parsed} is
 * reused by one thread.
 */
final class FanOutLine {

    /** The smallest message size that leaves room for the fields. */
    static final int MIN_SIZE = 48;

    private static final byte[] MARKER = "#fanout ".getBytes(StandardCharsets.US_ASCII);

    private FanOutLine() {
    }

    /** The fields of one of the load's lines. */
    static final class Parsed {
        int sender;
        long sequence;
        long sentAt;
    }

    /** Appends one message of {@code size} bytes (more if its fields do not fit) to {@code out}. */
    static void write(ByteBuffer out, int sender, long sequence, long sentAt, int size) {
        byte[] fields = ("#fanout " + sender + " " + sequence + " " + sentAt + " ").getBytes(StandardCharsets.US_ASCII);
        out.put(fields);
        for (int i = fields.length; i < size - 1; i++) {
            out.put((byte) 'x');
        }
        out.put((byte) '\n');
    }

    /**
     * Reads the fields of the line in {@code b[from, to)} (its line break excluded) into
     * {@code into}; false when the line is not one of the load's.
     */
    static boolean parse(byte[] b, int from, int to, Parsed into) {
        int at = find(b, from, to);
        if (at < 0) {
            return false;
        }
        int p = at + MARKER.length;
        long sender = 0;
        int digits = 0;
        for (; p < to && b[p] >= '0' && b[p] <= '9'; p++, digits++) {
            sender = sender * 10 + (b[p] - '0');
        }
        if (digits == 0 || digits > 9 || p >= to || b[p++] != ' ') {
            return false;
        }
        boolean negative = p < to && b[p] == '-';
        if (negative) {
            p++;
        }
        long sequence = 0;
        digits = 0;
        for (; p < to && b[p] >= '0' && b[p] <= '9'; p++, digits++) {
            sequence = sequence * 10 + (b[p] - '0');
        }
        if (digits == 0 || digits > 18 || p >= to || b[p++] != ' ') {
            return false;
        }
        long sentAt = 0;
        digits = 0;
        for (; p < to && b[p] >= '0' && b[p] <= '9'; p++, digits++) {
            sentAt = sentAt * 10 + (b[p] - '0');
        }
        if (digits == 0 || digits > 18) {
            return false;
        }
        into.sender = (int) sender;
        into.sequence = negative ? -sequence : sequence;
        into.sentAt = sentAt;
        return true;
    }

    /** Where the marker starts in {@code b[from, to)}, or -1. */
    private static int find(byte[] b, int from, int to) {
        int last = to - MARKER.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != '#') {
                continue;
            }
            for (int j = 1; j < MARKER.length; j++) {
                if (b[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
