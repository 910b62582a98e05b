package dev.netkit.services.udp;

import dev.netkit.udp.DatagramHandler;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The classic services that have a UDP form, by name and standard port: what a command line
 * needs to turn {@code echo} into a handler.
 */
public enum UdpService {
    ECHO(7, UdpEcho::new),
    DISCARD(9, UdpDiscard::new),
    DAYTIME(13, UdpDaytime::new),
    CHARGEN(19, UdpChargen::new),
    TIME(37, UdpTime::new);

    private final int standardPort;
    private final Supplier<DatagramHandler> factory;

    UdpService(int standardPort, Supplier<DatagramHandler> factory) {
        this.standardPort = standardPort;
        this.factory = factory;
    }

    /** The service's well-known port (below 1024, so binding it needs privileges). */
    public int standardPort() {
        return standardPort;
    }

    /** A new handler for this service. */
    public DatagramHandler handler() {
        return factory.get();
    }

    /** The lower-case name, as typed on a command line. */
    public String serviceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The service called {@code name}, in any case; empty when there is none. */
    public static Optional<UdpService> byName(String name) {
        for (UdpService s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
