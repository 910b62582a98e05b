package dev.netkit.services.udp;

import dev.netkit.services.ClassicServices;
import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpReply;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The daytime service over UDP (RFC 867): any datagram, whatever it holds, is answered with one
 * datagram holding the date and time as readable ASCII text, in the format the RFC suggests:
 *
 * <pre>
 * Wednesday, November 25, 2026 22:10:00-UTC\r\n
 * </pre>
 *
 * Safe for concurrent use.
 */
public final class UdpDaytime implements DatagramHandler {

    private final Clock clock;

    /** Daytime in UTC (the zone id, so the text reads {@code -UTC} rather than {@code -Z}). */
    public UdpDaytime() {
        this(Clock.system(ZoneId.of("UTC")));
    }

    /** Daytime from {@code clock}, in its zone. */
    public UdpDaytime(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(Datagram datagram, UdpReply reply) throws IOException {
        reply.send(text());
    }

    /** The text one reply holds, line break included. */
    public String text() {
        return ClassicServices.daytimeLine(clock);
    }
}
