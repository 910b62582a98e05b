package dev.netkit.udp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One datagram received: its payload and who sent it.
 *
 * <p>When the datagram was longer than the receiving socket's maximum size, {@code payload} holds
 * its first {@code maximum} bytes and {@code truncated} is true: the rest was discarded by the
 * kernel and cannot be recovered. A truncated datagram is never passed off as a whole one.
 *
 * <p>The payload array is copied in and out, so a {@code Datagram} is immutable and safe to share.
 *
 * @param payload the bytes received (possibly empty: an empty datagram is a valid datagram)
 * @param sender the address and port it came from
 * @param truncated true when the datagram was longer than the maximum and was cut
 */
public record Datagram(byte[] payload, InetSocketAddress sender, boolean truncated) {

    public Datagram {
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(sender, "sender");
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's length in bytes. */
    public int length() {
        return payload.length;
    }

    /** The payload decoded as UTF-8 (malformed input replaced, never an exception). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Datagram d && truncated == d.truncated && sender.equals(d.sender)
                && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(payload), sender, truncated);
    }

    @Override
    public String toString() {
        return "Datagram[" + payload.length + " bytes from " + sender + (truncated ? ", truncated" : "") + "]";
    }
}
