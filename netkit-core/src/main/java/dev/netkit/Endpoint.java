package dev.netkit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server listens or a client connects: a TCP host and port, or a Unix domain socket path.
 *
 * <p>For a server, {@code Endpoint.tcp(port)} listens on every interface (IPv4 and IPv6) and
 * port 0 asks the system for a free port; {@link Server#endpoints()} gives the resolved ones.
 * For a client, a TCP endpoint without a host means the loopback address.
 */
public sealed interface Endpoint permits Endpoint.Tcp, Endpoint.Unix {

    /** A TCP endpoint on every interface (server) or on loopback (client). */
    static Tcp tcp(int port) {
        return new Tcp("", port);
    }

    /** A TCP endpoint on the given host name or address literal. */
    static Tcp tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /** A Unix domain socket at {@code path}. */
    static Unix unix(Path path) {
        return new Unix(path);
    }

    /** A Unix domain socket at {@code path}. */
    static Unix unix(String path) {
        return new Unix(Path.of(path));
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT}, {@code :PORT}, {@code PORT} or {@code unix:PATH}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static Endpoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("unix:")) {
            return unix(text.substring("unix:".length()));
        }
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Tcp(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an endpoint (HOST:PORT or unix:PATH): " + text);
        }
    }

    /** The socket address to bind to (server side). */
    SocketAddress bindAddress();

    /** A TCP host and port. An empty host means every interface (server) or loopback (client). */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
        }

        @Override
        public InetSocketAddress bindAddress() {
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        }

        /** The host a client connects to: the given host, or loopback when none was given. */
        public String connectHost() {
            return host.isEmpty() ? "localhost" : host;
        }

        @Override
        public String toString() {
            String h = host.isEmpty() ? "*" : host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return h + ":" + port;
        }
    }

    /** A Unix domain socket path. */
    record Unix(Path path) implements Endpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public UnixDomainSocketAddress bindAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
