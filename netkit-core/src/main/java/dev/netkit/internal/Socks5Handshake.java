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
 * The client side of SOCKS5 (RFC 1928) with user name and password (RFC 1929).
 *
 * <pre>
 * greeting  05 n methods...          reply  05 method (00 none, 02 user/password, FF none acceptable)
 * auth      01 ulen user plen pass   reply  01 status (00 success)
 * request   05 01 00 atyp addr port  reply  05 rep 00 atyp addr port (rep 00 success)
 *           atyp 01 IPv4, 03 domain (length first), 04 IPv6
 * </pre>
 */
final class Socks5Handshake {

    private static final int VERSION = 5;
    private static final int NO_AUTH = 0;
    private static final int USER_PASSWORD = 2;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;
    private static final int CONNECT = 1;
    private static final int IPV4 = 1;
    private static final int DOMAIN = 3;
    private static final int IPV6 = 4;

    private Socks5Handshake() {
    }

    static void run(StreamChannel channel, Proxy proxy, Endpoint.Tcp destination) throws IOException {
        boolean credentials = !proxy.user().isEmpty();
        byte[] greeting = credentials
                ? new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD}
                : new byte[] {VERSION, 1, NO_AUTH};
        channel.write(greeting, 0, greeting.length);
        byte[] chosen = ProxyTunnel.readExactly(channel, 2, proxy);
        checkVersion(chosen[0], proxy);
        int method = chosen[1] & 0xFF;
        if (method == USER_PASSWORD && credentials) {
            authenticate(channel, proxy, destination);
        } else if (method == NO_ACCEPTABLE_METHOD) {
            throw new ProxyRefusedException(proxy, destination, credentials
                    ? "no acceptable authentication method"
                    : "it wants credentials (no acceptable authentication method)");
        } else if (method != NO_AUTH) {
            throw new ProtocolException(proxy + " chose authentication method " + method + ", which was not offered");
        }
        byte[] request = request(destination);
        channel.write(request, 0, request.length);
        byte[] reply = ProxyTunnel.readExactly(channel, 4, proxy);
        checkVersion(reply[0], proxy);
        int code = reply[1] & 0xFF;
        if (code != 0) {
            throw new ProxyRefusedException(proxy, destination, meaning(code) + " (SOCKS5 reply " + code + ")");
        }
        int boundLength = switch (reply[3]) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            case DOMAIN -> ProxyTunnel.readExactly(channel, 1, proxy)[0] & 0xFF;
            default -> throw new ProtocolException(proxy + " answered with address type " + reply[3]);
        };
        ProxyTunnel.readExactly(channel, boundLength + 2, proxy); // the proxy's bound address and port
    }

    private static void authenticate(StreamChannel channel, Proxy proxy, Endpoint.Tcp destination) throws IOException {
        byte[] user = proxy.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = proxy.password().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream auth = new ByteArrayOutputStream();
        auth.write(1);
        auth.write(user.length);
        auth.writeBytes(user);
        auth.write(password.length);
        auth.writeBytes(password);
        channel.write(auth.toByteArray(), 0, auth.size());
        byte[] status = ProxyTunnel.readExactly(channel, 2, proxy);
        if (status[1] != 0) {
            throw new ProxyRefusedException(proxy, destination, "authentication failed (status " + (status[1] & 0xFF) + ")");
        }
    }

    private static byte[] request(Endpoint.Tcp destination) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(VERSION);
        request.write(CONNECT);
        request.write(0);
        String host = ProxyTunnel.host(destination);
        Optional<InetAddress> literal = HostLiterals.literal(host);
        if (literal.isPresent()) {
            request.write(HostLiterals.isIpv6(literal.get()) ? IPV6 : IPV4);
            request.writeBytes(literal.get().getAddress());
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw new IOException("host name longer than SOCKS5 allows (255 bytes): " + host);
            }
            request.write(DOMAIN);
            request.write(name.length);
            request.writeBytes(name);
        }
        request.write(destination.port() >> 8);
        request.write(destination.port());
        return request.toByteArray();
    }

    private static void checkVersion(byte version, Proxy proxy) throws ProtocolException {
        if (version != VERSION) {
            throw new ProtocolException(proxy + " does not speak SOCKS5 (it answered version " + (version & 0xFF) + ")");
        }
    }

    /** What a reply code means, as RFC 1928 names it. */
    static String meaning(int code) {
        return switch (code) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unassigned reply code";
        };
    }
}
