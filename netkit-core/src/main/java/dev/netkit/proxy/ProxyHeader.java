package dev.netkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PROXY protocol header: what a load balancer or relay in TCP mode (HAProxy's
 * {@code send-proxy} and {@code send-proxy-v2}, AWS NLB, a netkit relay) sends first on each
 * connection to a backend, to tell it who the client really is. Immutable.
 *
 * <p>Version 1 is one line of text, at most {@value #V1_MAX_LENGTH} bytes with its CRLF:
 * <pre>
 * PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n
 * PROXY TCP6 2001:db8::7 2001:db8::1 56324 443\r\n
 * PROXY UNKNOWN\r\n
 * </pre>
 * Version 2 is binary, 16 bytes then the addresses and {@linkplain ProxyTlv TLVs}:
 * <pre>
 *  0                                            12       13       14                16
 * +-------------------------------------------+--------+--------+-----------------+----------
 * | \r \n \r \n \0 \r \n Q U I T \n (signature)| ver|cmd| fam|tr | length (big end.)| addresses,
 * +-------------------------------------------+--------+--------+-----------------+ then TLVs
 *   ver 2; cmd 0 LOCAL, 1 PROXY; fam 0 UNSPEC, 1 INET (4+4+2+2 B), 2 INET6 (16+16+2+2 B),
 *   3 UNIX (108+108 B); tr 0 UNSPEC, 1 STREAM, 2 DGRAM; length counts what follows (at most 65535)
 * </pre>
 *
 * <p>{@link #source()} and {@link #destination()} are empty for a {@link Command#LOCAL} header
 * (a balancer's own health check), for {@code PROXY UNKNOWN} and for an unspecified family: the
 * connection's own addresses hold then.
 */
public final class ProxyHeader {

    /** The longest version 1 header, CRLF included. */
    public static final int V1_MAX_LENGTH = 107;

    /** The protocol's two forms. */
    public enum Version {
        /** Text, one line. */
        V1,
        /** Binary, with optional TLVs. */
        V2
    }

    /** What the sender means by the header. */
    public enum Command {
        /** The sender's own connection (a health check): use the connection's addresses. */
        LOCAL,
        /** A relayed connection: the addresses are the client's and the one it connected to. */
        PROXY
    }

    private final Version version;
    private final Command command;
    private final SocketAddress source;
    private final SocketAddress destination;
    private final List<ProxyTlv> tlvs;

    ProxyHeader(Version version, Command command, SocketAddress source, SocketAddress destination, List<ProxyTlv> tlvs) {
        this.version = version;
        this.command = command;
        this.source = source;
        this.destination = destination;
        this.tlvs = List.copyOf(tlvs);
    }

    /**
     * A version 1 header for a relayed TCP connection.
     *
     * @param source the client's address and port
     * @param destination the address and port the client connected to
     * @return the header ({@code TCP6} when either address is IPv6)
     * @throws IllegalArgumentException when an address is unresolved
     */
    public static ProxyHeader v1(InetSocketAddress source, InetSocketAddress destination) {
        return new ProxyHeader(Version.V1, Command.PROXY, resolved(source, "source"), resolved(destination, "destination"),
                List.of());
    }

    /**
     * {@code PROXY UNKNOWN}: a version 1 header that says nothing about the client (for a client
     * that is not on TCP, such as one on a Unix socket).
     *
     * @return the header
     */
    public static ProxyHeader v1Unknown() {
        return new ProxyHeader(Version.V1, Command.PROXY, null, null, List.of());
    }

    /**
     * A version 2 header for a relayed connection.
     *
     * @param source the client's address: an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
     * @param destination the address it connected to, of the same kind
     * @param tlvs extra fields to send, in this order
     * @return the header
     * @throws IllegalArgumentException when the addresses are of different kinds or unresolved, a
     *         Unix path is longer than 108 bytes, the header would be longer than the protocol allows,
     *         or has more than one {@link ProxyTlv#CRC32C} field or one not of 4 bytes (its value is
     *         computed when the header is written)
     */
    public static ProxyHeader v2(SocketAddress source, SocketAddress destination, ProxyTlv... tlvs) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source instanceof InetSocketAddress s && destination instanceof InetSocketAddress d) {
            return checked(new ProxyHeader(Version.V2, Command.PROXY, resolved(s, "source"), resolved(d, "destination"),
                    List.of(tlvs)));
        }
        if (source instanceof UnixDomainSocketAddress && destination instanceof UnixDomainSocketAddress) {
            return checked(new ProxyHeader(Version.V2, Command.PROXY, source, destination, List.of(tlvs)));
        }
        throw new IllegalArgumentException("source and destination must both be IP or both be Unix socket addresses, got "
                + source + " and " + destination);
    }

    /**
     * A version 2 {@link Command#LOCAL} header: the sender speaks for itself (a health check).
     *
     * @param tlvs extra fields to send, in this order
     * @return the header
     * @throws IllegalArgumentException when the header would be longer than the protocol allows, or
     *         has more than one {@link ProxyTlv#CRC32C} field or one not of 4 bytes
     */
    public static ProxyHeader v2Local(ProxyTlv... tlvs) {
        return checked(new ProxyHeader(Version.V2, Command.LOCAL, null, null, List.of(tlvs)));
    }

    /**
     * Reads one header, version 1 or 2, from the start of a connection's bytes. Reads exactly the
     * header's bytes and never one more, so what follows (a TLS handshake, the protocol's first
     * bytes) stays in {@code in}. A version 1 header is read one byte at a time up to
     * {@value #V1_MAX_LENGTH}; a version 2 one in two reads bounded by its length field. A CRC-32C
     * field, when present, is checked.
     *
     * @param in the connection's input, positioned at its first byte
     * @return the header
     * @throws ProxyProtocolException when the bytes are not a well-formed header, or end before one is complete
     * @throws IOException when reading fails
     */
    public static ProxyHeader read(InputStream in) throws IOException {
        return HeaderReader.read(Objects.requireNonNull(in, "in"));
    }

    /**
     * The header as it goes on the wire.
     *
     * @return a new array holding the header's bytes
     */
    public byte[] toBytes() {
        return version == Version.V1 ? HeaderWriter.v1(this) : HeaderWriter.v2(this);
    }

    /**
     * The form of the protocol the header is in.
     *
     * @return {@link Version#V1} or {@link Version#V2}
     */
    public Version version() {
        return version;
    }

    /**
     * What the header says the connection is.
     *
     * @return {@link Command#PROXY} for a relayed connection; {@link Command#LOCAL} for the sender's own
     */
    public Command command() {
        return command;
    }

    /**
     * The client's address.
     *
     * @return the address, when the header gives one
     */
    public Optional<SocketAddress> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The address the client connected to (the balancer's).
     *
     * @return the address, when the header gives one
     */
    public Optional<SocketAddress> destination() {
        return Optional.ofNullable(destination);
    }

    /**
     * The extra fields of a version 2 header.
     *
     * @return the TLVs in the order they came (none for version 1)
     */
    public List<ProxyTlv> tlvs() {
        return tlvs;
    }

    /**
     * The first TLV of a type.
     *
     * @param type such as {@link ProxyTlv#AUTHORITY}
     * @return the field, when the header has one of that type
     */
    public Optional<ProxyTlv> tlv(int type) {
        return tlvs.stream().filter(t -> t.type() == type).findFirst();
    }

    /** The source as stored, or null, for the server's own use without an Optional. */
    SocketAddress sourceOrNull() {
        return source;
    }

    SocketAddress destinationOrNull() {
        return destination;
    }

    private static InetSocketAddress resolved(InetSocketAddress address, String name) {
        Objects.requireNonNull(address, name);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(name + " must be a resolved address, got " + address);
        }
        return address;
    }

    private static ProxyHeader checked(ProxyHeader header) {
        HeaderWriter.v2(header); // throws when it cannot be written
        return header;
    }

    @Override
    public String toString() {
        return "PROXY " + version + " " + command + (source == null ? "" : " from " + source + " to " + destination)
                + (tlvs.isEmpty() ? "" : " " + tlvs);
    }
}
