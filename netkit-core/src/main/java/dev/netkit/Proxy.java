package dev.netkit;

import java.util.Objects;

/**
 * A proxy that a {@link Client} reaches its destination through: SOCKS5 (RFC 1928, with RFC 1929
 * user name and password), SOCKS4a, or an HTTP proxy's {@code CONNECT} method. In each case the
 * proxy resolves the destination's host name, so the client does no DNS lookup of its own for it
 * (SOCKS5 sends the name as its domain address type, SOCKS4a after the user id, HTTP in the
 * request line). An address literal is sent as an address.
 *
 * <pre>{@code
 * Connection conn = Client.builder()
 *         .proxy(Proxy.socks5(Endpoint.tcp("127.0.0.1", 1080)).credentials("me", "secret"))
 *         .connect(Endpoint.tcp("example.net", 80));
 * }</pre>
 *
 * A proxy that refuses is a {@link ProxyRefusedException} naming the proxy and its answer.
 *
 * @param type how to speak to the proxy
 * @param address where the proxy listens
 * @param user the user name to send; empty for none
 * @param password the password to send with {@code user} (SOCKS5, HTTP); empty for none
 */
public record Proxy(Type type, Endpoint.Tcp address, String user, String password) {

    /** The protocols a proxy may speak. */
    public enum Type {
        /** SOCKS version 5, RFC 1928; user name and password as RFC 1929. */
        SOCKS5,
        /** SOCKS version 4 with the 4a extension; the user name is sent as the user id, no password. */
        SOCKS4,
        /** An HTTP proxy's {@code CONNECT host:port}; credentials as {@code Proxy-Authorization: Basic}. */
        HTTP
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the proxy has no port, or a password comes without a user
     *         name, or SOCKS5 credentials are longer than 255 bytes
     */
    public Proxy {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (address.port() == 0) {
            throw new IllegalArgumentException("the proxy's port must not be 0");
        }
        if (user.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("a proxy password needs a user name");
        }
        if (type == Type.SOCKS5 && (user.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255)) {
            throw new IllegalArgumentException("SOCKS5 user names and passwords are at most 255 bytes");
        }
    }

    /**
     * A SOCKS5 proxy without credentials.
     *
     * @param address where it listens
     * @return the proxy
     */
    public static Proxy socks5(Endpoint.Tcp address) {
        return new Proxy(Type.SOCKS5, address, "", "");
    }

    /**
     * A SOCKS4a proxy without a user id.
     *
     * @param address where it listens
     * @return the proxy
     */
    public static Proxy socks4(Endpoint.Tcp address) {
        return new Proxy(Type.SOCKS4, address, "", "");
    }

    /**
     * An HTTP proxy that tunnels with {@code CONNECT}, without credentials.
     *
     * @param address where it listens
     * @return the proxy
     */
    public static Proxy http(Endpoint.Tcp address) {
        return new Proxy(Type.HTTP, address, "", "");
    }

    /**
     * This proxy with a user name and password (for SOCKS4, the user name is the user id and the
     * password must be empty).
     *
     * @param user the user name, not empty
     * @param password the password
     * @return a new proxy with the credentials
     * @throws IllegalArgumentException when {@code user} is empty, or a SOCKS4 password is given
     */
    public Proxy credentials(String user, String password) {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        if (type == Type.SOCKS4 && !password.isEmpty()) {
            throw new IllegalArgumentException("SOCKS4 has a user id but no password");
        }
        return new Proxy(type, address, user, password);
    }

    /** Names the proxy without its credentials: {@code socks5 proxy 127.0.0.1:1080}. */
    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " proxy " + address;
    }
}
