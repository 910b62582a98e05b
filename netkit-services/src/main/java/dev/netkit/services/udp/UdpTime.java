package dev.netkit.services.udp;

import dev.netkit.services.ClassicServices;
import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpReply;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The time service over UDP (RFC 868): any datagram is answered with one 4-byte datagram, the
 * seconds since 1900-01-01 00:00 UTC as an unsigned 32-bit big-endian number.
 *
 * <pre>
 *  0        8        16       24       32
 * +--------+--------+--------+--------+
 * |  seconds since 1900-01-01T00:00Z  |
 * +--------+--------+--------+--------+
 * </pre>
 *
 * The count wraps to 0 on 2036-02-07 06:28:16 UTC, as every RFC 868 server's does; clients
 * that know the era (as NTP's do) read it modulo 2^32. Safe for concurrent use.
 */
public final class UdpTime implements DatagramHandler {

    /** Seconds from 1900-01-01T00:00Z to 1970-01-01T00:00Z. */
    public static final long SECONDS_1900_TO_1970 = ClassicServices.SECONDS_1900_TO_1970;

    private final Clock clock;

    public UdpTime() {
        this(Clock.systemUTC());
    }

    public UdpTime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(Datagram datagram, UdpReply reply) throws IOException {
        reply.send(payload());
    }

    /** The 4 bytes one reply holds. */
    public byte[] payload() {
        return ClassicServices.timeBytes(clock);
    }
}
