package dev.netkit.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a room lives: {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/ROOM]}, or {@code rediss://}
 * for TLS to Redis. The path names the room (default {@value #DEFAULT_ROOM}); the rest is what
 * the Redis client is given, so that password and TLS work as the client documents them.
 *
 * @param client the URI for the Redis client, without the room
 * @param room   the room's name: letters, digits, {@code _ - .}, at most 64
 * @param shown  the URI without a password, for log lines and errors
 */
public record RedisAddress(String client, String room, String shown) {

    /** The room of a URI without a path. */
    public static final String DEFAULT_ROOM = "chat";
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * Checks the parts are given; use {@link #parse} to read a URI.
     *
     * @param client the URI for the Redis client
     * @param room   the room
     * @param shown  the URI for log lines
     */
    public RedisAddress {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(shown, "shown");
    }

    /**
     * Reads {@code uri}.
     *
     * @throws IllegalArgumentException with a one-line reason when it is not such a URI
     */
    public static RedisAddress parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + uri + " (" + e.getReason() + ")");
        }
        String scheme = u.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("expected redis://HOST:PORT[/ROOM] or rediss://..., got " + uri);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri + " (expected redis://HOST:PORT[/ROOM])");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("no query or fragment expected in " + uri);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String room = path.isEmpty() || path.equals("/") ? DEFAULT_ROOM : path.substring(1);
        if (!ROOM.matcher(room).matches()) {
            throw new IllegalArgumentException("a room is 1 to 64 of A-Z a-z 0-9 _ - . ; \"" + room + "\" is not");
        }
        String hostPort = u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        String userInfo = u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@";
        String client = scheme + "://" + userInfo + hostPort;
        String shown = scheme + "://" + (userInfo.isEmpty() ? "" : "***@") + hostPort + "/" + room;
        return new RedisAddress(client, room, shown);
    }

    @Override
    public String toString() {
        return shown;
    }
}
