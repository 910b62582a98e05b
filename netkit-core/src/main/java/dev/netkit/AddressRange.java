package dev.netkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation: {@code 192.0.2.0/24}, {@code 2001:db8::/32}, or one
 * address ({@code 10.1.2.3}, {@code ::1}), which is a block of one. An IPv4 range never contains an
 * IPv6 address nor the other way round; the JDK already gives IPv4 peers of a dual-stack socket
 * as IPv4 addresses. Immutable.
 *
 * @param network the first address of the block (host bits are cleared)
 * @param prefixLength how many leading bits every address of the block shares with {@code network}
 */
public record AddressRange(InetAddress network, int prefixLength) {

    /** {@code 127.0.0.0/8}: IPv4 loopback. */
    public static final AddressRange LOOPBACK_V4 = parse("127.0.0.0/8");
    /** {@code ::1/128}: IPv6 loopback. */
    public static final AddressRange LOOPBACK_V6 = parse("::1/128");

    /**
     * Checks the prefix length and clears the host bits of {@code network}.
     *
     * @throws IllegalArgumentException when the prefix length does not fit the address family
     */
    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + " for " + network.getHostAddress()
                    + ", got " + prefixLength);
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses {@code ADDRESS/PREFIX} or a lone {@code ADDRESS}; only address literals, no host names
     * (a rule must not depend on what a name resolves to at start).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static AddressRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = literal(address, text);
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new AddressRange(network, bits);
        }
        String prefix = trimmed.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an address range (ADDRESS/PREFIX): " + text);
        }
        return new AddressRange(network, Integer.parseInt(prefix));
    }

    /** Whether {@code address} is in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] mine = network.getAddress();
        if (candidate.length != mine.length) {
            return false;
        }
        return Arrays.equals(masked(candidate, prefixLength), mine);
    }

    private static InetAddress literal(String address, String text) {
        boolean literal = !address.isEmpty()
                && (address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
        if (!literal) {
            throw new IllegalArgumentException("not an IP address or range: " + text);
        }
        try {
            return InetAddress.getByName(address); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or range: " + text, e);
        }
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        try {
            return InetAddress.getByAddress(masked(address.getAddress(), prefixLength));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    private static byte[] masked(byte[] address, int prefixLength) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            result[i] &= (byte) (0xff << (8 - keep));
        }
        return result;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
