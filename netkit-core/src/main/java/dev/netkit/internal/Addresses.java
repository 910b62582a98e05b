package dev.netkit.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Short, readable forms of socket addresses for logs and messages. */
public final class Addresses {

    private Addresses() {
    }

    public static String describe(SocketAddress address) {
        return switch (address) {
            case null -> "?";
            case InetSocketAddress inet -> {
                String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
                yield (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
            }
            case UnixDomainSocketAddress unix -> unix.getPath().toString().isEmpty() ? "unix peer" : "unix:" + unix.getPath();
            default -> address.toString();
        };
    }
}
