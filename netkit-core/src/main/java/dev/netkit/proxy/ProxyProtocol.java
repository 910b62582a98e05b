package dev.netkit.proxy;

import dev.netkit.AddressRange;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a server takes PROXY protocol headers ({@link ProxyHeader}, version 1 or 2) from the load
 * balancer in front of it: which peers may send one, and how long the header may take.
 *
 * <pre>{@code
 * Server.builder()
 *         .listen(Endpoint.tcp(7000))
 *         .proxyProtocol(ProxyProtocol.builder().trust("10.0.0.0/8").build())
 *         ...
 * }</pre>
 *
 * <p>With it, every connection must begin with a header, read before anything else (a TLS
 * handshake included); {@link dev.netkit.Connection#remoteAddress()} is then the client's address
 * from the header, and {@link dev.netkit.Connection#proxyHeader()} gives the whole header. A
 * connection from a peer outside the trusted ranges, one whose header is malformed, and one
 * whose header has not come within {@link #headerTimeout()} are closed, each with a log line; the
 * server goes on serving the others. A peer on a Unix domain socket counts as trusted: the socket
 * file's permissions say who may connect.
 *
 * @param trusted the address ranges whose peers may send a header
 * @param headerTimeout how long, from the accept, the header may take to arrive
 */
public record ProxyProtocol(List<AddressRange> trusted, Duration headerTimeout) {

    /** The default {@link #headerTimeout()}. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException when no range is trusted or the timeout is not positive
     */
    public ProxyProtocol {
        trusted = List.copyOf(trusted);
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("trusted must name at least one address range");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("headerTimeout must be positive, got " + headerTimeout);
        }
    }

    /**
     * Headers from loopback only ({@code 127.0.0.0/8} and {@code ::1}), within
     * {@link #DEFAULT_HEADER_TIMEOUT}: for a balancer on the same machine.
     *
     * @return the settings
     */
    public static ProxyProtocol fromLoopback() {
        return builder().build();
    }

    /**
     * Settings to fill in.
     *
     * @return a builder that trusts loopback until {@link Builder#trust} names other ranges
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a peer may send a header.
     *
     * @param peer the address a connection came from
     * @return true for an address in a trusted range, and for a Unix domain socket peer
     */
    public boolean trusts(SocketAddress peer) {
        return switch (peer) {
            case UnixDomainSocketAddress unix -> true;
            case InetSocketAddress inet when inet.getAddress() != null ->
                    trusted.stream().anyMatch(r -> r.contains(inet.getAddress()));
            case null, default -> false;
        };
    }

    /** Settings for {@link ProxyProtocol}. */
    public static final class Builder {
        private final List<AddressRange> trusted = new ArrayList<>();
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;

        private Builder() {
        }

        /**
         * Trusts one more range; the first call replaces the default (loopback).
         *
         * @param cidr such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or one address
         * @return this builder
         * @throws IllegalArgumentException when {@code cidr} is not an address range
         */
        public Builder trust(String cidr) {
            return trust(AddressRange.parse(cidr));
        }

        /**
         * Trusts one more range; the first call replaces the default (loopback).
         *
         * @param range the range
         * @return this builder
         */
        public Builder trust(AddressRange range) {
            trusted.add(Objects.requireNonNull(range, "range"));
            return this;
        }

        /**
         * How long the header may take to arrive.
         *
         * @param headerTimeout positive; {@link #DEFAULT_HEADER_TIMEOUT} by default
         * @return this builder
         */
        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = Objects.requireNonNull(headerTimeout, "headerTimeout");
            return this;
        }

        /**
         * The settings.
         *
         * @return them
         * @throws IllegalArgumentException when the timeout is not positive
         */
        public ProxyProtocol build() {
            List<AddressRange> ranges = trusted.isEmpty() ? List.of(AddressRange.LOOPBACK_V4, AddressRange.LOOPBACK_V6) : trusted;
            return new ProxyProtocol(ranges, headerTimeout);
        }
    }
}
