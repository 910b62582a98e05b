package dev.netkit.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR form: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address
 * ({@code 192.0.2.7}, the same as {@code /32}; {@code ::1}, the same as {@code /128}).
 *
 * @param network the first address of the block, with no bit set beyond the prefix
 * @param prefixLength how many leading bits every address in the block shares
 */
public record AddressRange(InetAddress network, int prefixLength) {

    /** {@code 127.0.0.0/8}: IPv4 loopback. */
    public static final AddressRange LOOPBACK_V4 = parse("127.0.0.0/8");
    /** {@code ::1/128}: IPv6 loopback. */
    public static final AddressRange LOOPBACK_V6 = parse("::1/128");

    /**
     * Checks the block.
     *
     * @throws IllegalArgumentException when the prefix is longer than the address, or a bit is set beyond it
     */
    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", got " + prefixLength);
        }
        if (!masked(network.getAddress(), prefixLength)) {
            throw new IllegalArgumentException(IpLiterals.text(network) + "/" + prefixLength
                    + " has bits set beyond the prefix");
        }
    }

    /**
     * Reads a block written as {@code ADDRESS/PREFIX} or as one address. Host names are refused:
     * a trusted range must not depend on a name server.
     *
     * @param cidr such as {@code 10.0.0.0/8}
     * @return the block
     * @throws IllegalArgumentException naming {@code cidr} when it is not such a block
     */
    public static AddressRange parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress network = IpLiterals.any(address);
        if (network == null) {
            throw new IllegalArgumentException("not an address range: " + cidr
                    + " (expected an IP address with an optional /prefix, such as 10.0.0.0/8)");
        }
        int bits = network.getAddress().length * 8;
        int prefix = slash < 0 ? bits : IpLiterals.decimal(cidr.substring(slash + 1), 3);
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not an address range: " + cidr + " (the prefix must be 0 to " + bits + ")");
        }
        return new AddressRange(network, prefix);
    }

    /**
     * Whether {@code address} lies in this block. An IPv4 address is never in an IPv6 block nor
     * the other way round (the JDK gives IPv4-mapped IPv6 addresses as IPv4 ones).
     *
     * @param address any address
     * @return true when its first {@link #prefixLength()} bits are the network's
     */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return (address instanceof Inet4Address) == (network instanceof Inet4Address)
                && sameBits(bytes, network.getAddress(), prefixLength);
    }

    private static boolean sameBits(byte[] a, byte[] b, int bits) {
        if (bits == 0) {
            return true;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[whole] & mask) == (b[whole] & mask);
    }

    /** Whether no bit after the first {@code prefix} is set. */
    private static boolean masked(byte[] address, int prefix) {
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return IpLiterals.text(network) + "/" + prefixLength;
    }
}
