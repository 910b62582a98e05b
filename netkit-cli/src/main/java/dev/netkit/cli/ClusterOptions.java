package dev.netkit.cli;

import dev.netkit.redis.RedisAddress;
import dev.netkit.redis.RedisRoom;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code --cluster} and {@code --cluster-heartbeat}: one chat room across processes, on Redis. */
final class ClusterOptions implements UsageCheck {

    // Lettuce and Netty log through java.util.logging; their reconnect attempts are not news.
    private static final Logger LETTUCE_LOG = Logger.getLogger("io.lettuce");
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    @Option(names = "--cluster", paramLabel = "URI", converter = AddressConverter.class,
            description = "Share the room with every netkit chat on this Redis: redis://[:PASSWORD@]HOST:PORT[/ROOM]"
                    + " (rediss:// for TLS to Redis; ROOM defaults to chat).")
    RedisAddress cluster;

    @Option(names = "--cluster-heartbeat", paramLabel = "TIME", converter = DurationConverter.Positive.class,
            description = "How often this node renews its names in Redis; a node that stops is gone from /who on the"
                    + " others after 3 of these, and announced as left within 4 (default: 1s).")
    Duration heartbeat = RedisRoom.DEFAULT_HEARTBEAT;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--cluster", "--cluster-heartbeat");
    }

    /** Joins the room; null without {@code --cluster}. */
    RedisRoom join() throws IOException {
        if (cluster == null) {
            return null;
        }
        LETTUCE_LOG.setLevel(Level.WARNING);
        NETTY_LOG.setLevel(Level.WARNING);
        RedisRoom room = RedisRoom.builder(cluster).heartbeat(heartbeat).connect();
        System.getLogger("dev.netkit.redis").log(System.Logger.Level.INFO, "chat room {0} in {1}, this node {2}",
                cluster.room(), cluster, room.nodeId());
        return room;
    }

    /** Reads a Redis URI, or says in one line what is wrong with it. */
    static final class AddressConverter implements ITypeConverter<RedisAddress> {
        @Override
        public RedisAddress convert(String value) {
            try {
                return RedisAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
