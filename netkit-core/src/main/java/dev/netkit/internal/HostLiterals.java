package dev.netkit.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Tells an IP address literal from a host name without a DNS lookup, for the proxy handshakes. */
final class HostLiterals {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostLiterals() {
    }

    /** The address when {@code host} is an IPv4 or IPv6 literal; empty for a name (never resolved). */
    static Optional<InetAddress> literal(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                byte[] octets = new byte[4];
                String[] parts = host.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    octets[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(host, octets));
            }
            if (host.indexOf(':') >= 0) {
                return Optional.of(InetAddress.getByName(host)); // an IPv6 literal is parsed, never looked up
            }
        } catch (UnknownHostException e) {
            // not a valid literal: a name for the proxy to make sense of
        }
        return Optional.empty();
    }

    /** Whether {@code address} is IPv6. */
    static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }
}
