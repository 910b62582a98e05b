package dev.netkit.services.udp;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpReply;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The character generator service over UDP (RFC 864): any datagram is answered with one datagram
 * of a random length between 0 and 512 characters, cut from the RFC's rotating line pattern: 72
 * of the 95 printable ASCII characters per line, each line starting one character further on,
 * then CR LF. Each answer starts on the line after the previous answer's first line, so
 * successive answers show the pattern turning. Safe for concurrent use.
 */
public final class UdpChargen implements DatagramHandler {

    /** The longest answer, per the RFC. */
    public static final int MAX_LENGTH = 512;
    private static final int LINE = 72;
    private static final int PRINTABLE = 95;

    private final RandomGenerator random;
    private final AtomicLong nextLine = new AtomicLong();

    public UdpChargen() {
        this(RandomGenerator.getDefault());
    }

    /** With {@code random} choosing each answer's length (a seeded one makes answers repeatable). */
    public UdpChargen(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void handle(Datagram datagram, UdpReply reply) throws IOException {
        reply.send(payload());
    }

    /** The bytes of the next answer. */
    public byte[] payload() {
        int length = random.nextInt(MAX_LENGTH + 1);
        long line = nextLine.getAndIncrement();
        byte[] out = new byte[length];
        int column = 0;
        for (int i = 0; i < length; i++) {
            if (column < LINE) {
                out[i] = (byte) (' ' + (line + column) % PRINTABLE);
            } else {
                out[i] = column == LINE ? (byte) '\r' : (byte) '\n';
            }
            if (++column == LINE + 2) {
                column = 0;
                line++;
            }
        }
        return out;
    }
}
