package dev.netkit.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals read without ever asking a name server: a header or a setting that holds
 * something else is an error, never a lookup.
 */
final class IpLiterals {

    private static final int MAX_V6_LENGTH = 45;

    private IpLiterals() {
    }

    /** A dotted quad ({@code 192.0.2.1}: four decimal numbers to 255, no leading zeros), or null. */
    static InetAddress v4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int n = decimal(parts[i], 3);
            if (n < 0 || n > 255) {
                return null;
            }
            bytes[i] = (byte) n;
        }
        return byAddress(bytes);
    }

    /**
     * An IPv6 literal ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}), or null. An IPv4-mapped one
     * comes back as the IPv4 address, as the JDK gives it.
     */
    static InetAddress v6(String text) {
        if (text.isEmpty() || text.length() > MAX_V6_LENGTH || text.indexOf(':') < 0
                || (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':')) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // Hex digits, colons and dots, beginning with a digit or a colon and holding a colon:
            // the JDK parses that as an IP literal or fails; it never looks it up.
            return InetAddress.getByName(text);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Either kind of literal, or null. */
    static InetAddress any(String text) {
        InetAddress v4 = v4(text);
        return v4 != null ? v4 : v6(text);
    }

    /** A decimal number of 1 to {@code maxDigits} digits without a leading zero, or -1. */
    static int decimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The address of these 4 or 16 bytes. */
    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /** The address as text without a scope: {@code 2001:db8:0:0:0:0:0:1}. */
    static String text(InetAddress address) {
        String text = address.getHostAddress();
        int scope = address instanceof Inet6Address ? text.indexOf('%') : -1;
        return scope < 0 ? text : text.substring(0, scope);
    }
}
