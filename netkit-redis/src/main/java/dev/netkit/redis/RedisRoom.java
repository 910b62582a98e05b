package dev.netkit.redis;

import dev.netkit.group.GroupBus;
import dev.netkit.group.Roster;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One node's share of a room that spans processes on one Redis: a {@link GroupBus} for the room's
 * {@link dev.netkit.group.ConnectionGroup} and a {@link Roster} for its names.
 *
 * <pre>{@code
 * RedisRoom room = RedisRoom.builder("redis://localhost:6379/lobby").connect();
 * ConnectionGroup group = ConnectionGroup.builder().name("chat").bus(room.bus()).build();
 * ChatService chat = new ChatService(group, room.roster(), Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Each node has a random id. Its heartbeat (every {@link Builder#heartbeat(Duration) interval},
 * one second by default) renews its claims; they lapse {@value #LAPSE_HEARTBEATS} intervals after
 * its last heartbeat. So a node that is killed leaves {@code /who} on the others within
 * {@value #LAPSE_HEARTBEATS} intervals, and the next heartbeat of a surviving node (within one
 * interval more) {@linkplain Roster#onLapsed announces} its members as gone, once, on one node.
 *
 * <p>When Redis goes away each node keeps serving its own members; it says so once in its log
 * ({@code dev.netkit.redis}), counts what it could not relay ({@link GroupBus#stats()}), and the
 * client reconnects with a backoff of 0.1 to 5 seconds and subscribes again; the heartbeat then
 * writes this node's names back. Nothing waits for Redis in a queue that can grow: the bus's queues
 * are bounded, and the client rejects commands while disconnected.
 *
 * <p>Threading: safe from any thread; {@link #close()} once the group no longer broadcasts.
 */
public final class RedisRoom implements AutoCloseable {

    /** How many heartbeat intervals a node's claims outlive its last heartbeat. */
    public static final int LAPSE_HEARTBEATS = 3;
    /** The default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    /** The default limit of the bus's outbox and inbox, in messages. */
    public static final int DEFAULT_QUEUE_LIMIT = 10_000;

    private static final int NODE_ID_BYTES = 8;

    private final RedisAddress address;
    private final String nodeId;
    private final Duration heartbeat;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisBus bus;
    private final StatefulRedisConnection<String, String> rosterConnection;
    private final RedisRoster roster;

    private RedisRoom(Builder b) throws IOException {
        this.address = b.address;
        this.heartbeat = b.heartbeat;
        this.nodeId = newNodeId();
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(address.client()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(b.queueLimit)
                .timeoutOptions(TimeoutOptions.enabled(b.timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(b.timeout).keepAlive(true).build())
                .build());
        this.bus = new RedisBus(client, address, nodeId, b.queueLimit, b.timeout);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                if (bus.isSender(connection)) {
                    bus.outage().restored();
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (bus.isSender(connection)) {
                    bus.outage().down("connection lost");
                }
            }
        });
        try {
            this.rosterConnection = client.connect();
            this.roster = new RedisRoster(rosterConnection, RedisKeys.of(address.room()), nodeId, heartbeat,
                    bus.outage());
        } catch (RedisException e) {
            shutdown();
            throw new IOException("cannot reach Redis at " + address + ": " + e.getMessage(), e);
        }
    }

    /** Settings for a node of the room at {@code uri}; see {@link RedisAddress} for its form. */
    public static Builder builder(String uri) {
        return new Builder(RedisAddress.parse(uri));
    }

    /** Settings for a node of the room at {@code address}. */
    public static Builder builder(RedisAddress address) {
        return new Builder(address);
    }

    /** Joins the room at {@code uri} with the default settings. */
    public static RedisRoom connect(String uri) throws IOException {
        return builder(uri).connect();
    }

    /**
     * The bus for the room's group; give it to one group ({@link
     * dev.netkit.group.ConnectionGroup.Builder#bus}), which subscribes when it is built.
     */
    public GroupBus bus() {
        return bus;
    }

    /** The room's names, shared by its nodes. */
    public Roster roster() {
        return roster;
    }

    /** This node's id, random, in the Redis keys and log lines. */
    public String nodeId() {
        return nodeId;
    }

    /** Where the room lives (without a password). */
    public RedisAddress address() {
        return address;
    }

    /** The heartbeat interval. */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** Releases this node's names and leaves the room, closes the bus and the client. */
    @Override
    public void close() {
        roster.close();
        bus.close();
        rosterConnection.close();
        shutdown();
    }

    private void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "node " + nodeId + " of " + address;
    }

    private static String newNodeId() {
        byte[] id = new byte[NODE_ID_BYTES];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Settings for {@link RedisRoom}. */
    public static final class Builder {
        private final RedisAddress address;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration timeout = Duration.ofSeconds(2);
        private int queueLimit = DEFAULT_QUEUE_LIMIT;

        private Builder(RedisAddress address) {
            this.address = Objects.requireNonNull(address, "address");
        }

        /** How often this node renews its claims ({@link #DEFAULT_HEARTBEAT}); at least 10 ms. */
        public Builder heartbeat(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("heartbeat must be at least 10 ms, got " + interval);
            }
            this.heartbeat = interval;
            return this;
        }

        /** How long a Redis command may take before it counts as failed (2 seconds); at least 10 ms. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 10) {
                throw new IllegalArgumentException("timeout must be at least 10 ms, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The most messages the bus holds on their way out, and on their way in ({@link #DEFAULT_QUEUE_LIMIT}). */
        public Builder queueLimit(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("queueLimit must be at least 1, got " + messages);
            }
            this.queueLimit = messages;
            return this;
        }

        /**
         * Connects to Redis and joins the room.
         *
         * @throws IOException when Redis cannot be reached (or refuses the password)
         */
        public RedisRoom connect() throws IOException {
            return new RedisRoom(this);
        }
    }
}
