package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.ProtocolException;
import dev.netkit.Proxy;
import dev.netkit.ProxyRefusedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The client side of SOCKS4 with the 4a extension: a host name goes after the user id, with the
 * address set to {@code 0.0.0.1}, so the proxy resolves it.
 *
 * <pre>
 * request  04 01 port(2) ip(4) userid 00 [host 00]
 * reply    00 code port(2) ip(4)      code 5A granted, 5B rejected, 5C no identd, 5D identd mismatch
 * </pre>
 */
final class Socks4Handshake {

    private static final int GRANTED = 0x5A;
    private static final byte[] NAME_FOLLOWS = {0, 0, 0, 1};

    private Socks4Handshake() {
    }

    static void run(StreamChannel channel, Proxy proxy, Endpoint.Tcp destination) throws IOException {
        String host = ProxyTunnel.host(destination);
        Optional<InetAddress> literal = HostLiterals.literal(host);
        if (literal.isPresent() && HostLiterals.isIpv6(literal.get())) {
            throw new IOException("SOCKS4 cannot reach an IPv6 address: " + destination);
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(4);
        request.write(1);
        request.write(destination.port() >> 8);
        request.write(destination.port());
        request.writeBytes(literal.map(InetAddress::getAddress).orElse(NAME_FOLLOWS));
        request.writeBytes(proxy.user().getBytes(StandardCharsets.UTF_8));
        request.write(0);
        if (literal.isEmpty()) {
            request.writeBytes(host.getBytes(StandardCharsets.US_ASCII));
            request.write(0);
        }
        channel.write(request.toByteArray(), 0, request.size());
        byte[] reply = ProxyTunnel.readExactly(channel, 8, proxy);
        if (reply[0] != 0) {
            throw new ProtocolException(proxy + " does not speak SOCKS4 (its reply starts with " + (reply[0] & 0xFF) + ")");
        }
        int code = reply[1] & 0xFF;
        if (code != GRANTED) {
            throw new ProxyRefusedException(proxy, destination, meaning(code) + " (SOCKS4 reply " + code + ")");
        }
    }

    /** What a reply code means. */
    static String meaning(int code) {
        return switch (code) {
            case 0x5B -> "request rejected or failed";
            case 0x5C -> "request failed: the proxy cannot reach the client's identd";
            case 0x5D -> "request failed: identd and the user id disagree";
            default -> "unknown reply code";
        };
    }
}
