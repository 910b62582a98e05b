package dev.netkit.group;

import dev.netkit.Connection;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections that receive the same messages: the "connection pooling" set of Node.js's {@code net}
 * examples, made safe against slow readers.
 *
 * <pre>{@code
 * ConnectionGroup group = ConnectionGroup.create();
 * Server server = Server.builder()
 *         .listen(Endpoint.tcp(7000))
 *         .handler(conn -> {
 *             group.join(conn);
 *             for (String line : conn.lines()) {
 *                 group.broadcast(line + "\n", conn);   // to everyone but the sender
 *             }
 *         })
 *         .start();
 * }</pre>
 *
 * <h2>How a message travels</h2>
 * {@code broadcast} encodes a text once (UTF-8) and appends the same {@code byte[]} to the queue of
 * every member, then returns: it never waits for a socket, and waits for a member only while that
 * member's queue is full (below). Each member's queue is written by its <em>writer</em>, a virtual
 * thread that runs only while the queue holds something: the message that finds the queue empty
 * starts it, and it ends once it finds the queue empty again, so an idle member holds no thread.
 * The writer takes up to 64 messages or 64 KiB from its queue, writes them into the connection's
 * output buffer and flushes once, so a member that fell behind catches up with few system calls.
 * A slow peer blocks only its own writer. {@link #send} queues a message for one member, in order
 * with what is broadcast to it.
 *
 * <h2>Slow members</h2>
 * A member's queue holds at most {@link #maxQueuedMessages()} messages and {@link #maxQueuedBytes()}
 * bytes (an empty queue takes any one message, however large). The batch its writer is writing is
 * no longer in the queue: a member holds at most its queue plus one batch. When a message would
 * pass the limit, the group's {@link SlowConsumerPolicy} decides:
 * <ul>
 *   <li>{@link SlowConsumerPolicy#DISCONNECT} (the default): the sending thread waits for room
 *       while the member's writer keeps taking batches, so a sender faster than a member who keeps
 *       reading is slowed to that member's pace (its handler, waiting in {@code broadcast} or
 *       {@link #send}, reads no more meanwhile: backpressure reaches its peer), and a member
 *       flooded with replies to its own requests slows its own requests. A member whose writer
 *       takes nothing for {@link #slowConsumerTimeout()} has stopped reading: its connection is
 *       aborted and it leaves. It loses the message that passed the limit, its whole queue, and what its socket
 *       had not yet sent; it receives nothing more. Counted in {@link GroupStats#disconnectedSlow()},
 *       logged at WARNING.</li>
 *   <li>{@link SlowConsumerPolicy#DROP_OLDEST}: the member's oldest queued messages are discarded
 *       until the new one fits. It stays connected and sees a gap, without a marker, where they
 *       were. Each is counted in {@link GroupStats#dropped()}; a WARNING is logged when a member
 *       starts dropping and an INFO line, with the number lost, when its queue next runs empty.</li>
 * </ul>
 * Other members lose nothing either way. Logs go to the {@link System.Logger} {@code dev.netkit.group}.
 *
 * <p>The defaults, 1,024 messages or 1 MiB, follow Redis, which cuts a pub/sub client off at 32 MB
 * of output. netkit's messages are lines of at most a few KiB, and a server may hold 10,000 members
 * where Redis serves hundreds of subscribers, so the limit is smaller: still enough for a member to
 * fall several seconds behind a busy chat and recover. Payloads are shared, so members that lag
 * together cost one copy of the backlog plus a reference per queued message each.
 *
 * <h2>Order and membership</h2>
 * Messages broadcast by one thread reach each member in the order broadcast; broadcasts made by
 * different threads at the same time may interleave differently for different members. A member
 * leaves on {@link #leave}, on {@link #close()}, when disconnected as slow, when a write to it fails
 * (the group then aborts the connection: it has lost bytes mid-stream), and when its connection is
 * found closed by the next {@code broadcast} or {@link #members()}. Leaving discards what was still
 * queued for it (not counted as dropped); a batch being written finishes or fails first.
 * {@link #leave(Connection, Duration)} instead delivers what is queued first, within a deadline:
 * the way for a member that asked a question and hung up to still get the answer. Apart from
 * those two cases the group never closes a connection: closing the group leaves them open.
 *
 * <h2>Across processes: a bus</h2>
 * A group built with a {@link Builder#bus(GroupBus) bus} spans every process (node) whose group
 * shares that bus: each {@code broadcast} is queued for the local members as above and
 * {@linkplain GroupBus#publish published} once; every other node queues it once for each of its
 * members. A broadcast's {@code except} applies on the sending node (the sender is one of its
 * members); {@link #send} stays local. Order holds per sending thread on every node; each member
 * keeps its own bounded queue and the slow-consumer policy above, whichever node a message came
 * from. What the bus cannot carry is counted in its {@linkplain GroupBus#stats() stats}; local
 * members get every message regardless. The group owns its bus: {@link #close()} closes it.
 *
 * <p>Threading: every method is safe from any thread. The caller's thread runs {@code broadcast},
 * including aborting a slow member's connection and starting a member's writer; each member's
 * writer thread does that member's I/O.
 */
public final class ConnectionGroup implements AutoCloseable {

    /** Default limit of a member's queue, in messages. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1024;
    /** Default limit of a member's queue, in bytes. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
    /** Default time a member with a full queue may take no message before it counts as stopped. */
    public static final Duration DEFAULT_SLOW_CONSUMER_TIMEOUT = Duration.ofSeconds(5);

    static final System.Logger LOG = System.getLogger("dev.netkit.group");

    private final String name;
    private final SlowConsumerPolicy policy;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final Duration slowConsumerTimeout;
    private final long stallNanos;
    private final GroupCounters counters = new GroupCounters();
    private final ConcurrentHashMap<Connection, Member> members = new ConcurrentHashMap<>();
    private final GroupBus bus;
    private volatile boolean closed;

    private ConnectionGroup(Builder b) {
        this.name = b.name;
        this.policy = b.policy;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.slowConsumerTimeout = b.slowConsumerTimeout;
        this.stallNanos = b.slowConsumerTimeout.toNanos();
        this.bus = b.bus;
        if (bus != null) {
            bus.open(name, payload -> deliver(payload, null));
        }
    }

    /** A group with the default policy and limits. */
    public static ConnectionGroup create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** The bus that carries this group's broadcasts to other processes, if it has one. */
    public Optional<GroupBus> bus() {
        return Optional.ofNullable(bus);
    }

    public SlowConsumerPolicy policy() {
        return policy;
    }

    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /**
     * How long a member whose queue is full may take no message before it counts as stopped and,
     * under {@link SlowConsumerPolicy#DISCONNECT}, is cut; senders wait meanwhile.
     */
    public Duration slowConsumerTimeout() {
        return slowConsumerTimeout;
    }

    /**
     * Adds {@code connection}; its writer runs whenever something is queued for it.
     *
     * @return false when it is already a member or already closed
     * @throws IllegalStateException when the group is closed
     */
    public boolean join(Connection connection) {
        return add(connection, null);
    }

    /**
     * As {@link #join(Connection)}, with {@code greeting} (UTF-8) queued for the new member before it
     * becomes one: the member receives it before anything broadcast after it joined, which a
     * greeting sent on the connection directly cannot promise.
     */
    public boolean join(Connection connection, String greeting) {
        Objects.requireNonNull(greeting, "greeting");
        return add(connection, greeting.getBytes(StandardCharsets.UTF_8));
    }

    private boolean add(Connection connection, byte[] greeting) {
        Objects.requireNonNull(connection, "connection");
        if (closed) {
            throw new IllegalStateException("group " + name + " is closed");
        }
        if (!connection.isOpen()) {
            return false;
        }
        Member member = new Member(this, counters, connection);
        if (greeting != null) {
            member.offer(greeting, 0);
        }
        if (members.putIfAbsent(connection, member) != null) {
            member.stop();
            return false;
        }
        try {
            member.start();
        } catch (RuntimeException | Error e) {
            remove(member);
            throw e;
        }
        if (closed) {
            // close() ran while we joined and may have missed this member
            remove(member);
        }
        return true;
    }

    /** Removes {@code connection}, discarding what is queued for it; false when it was no member. */
    public boolean leave(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        Member member = members.get(connection);
        return member != null && remove(member);
    }

    /**
     * Removes {@code connection} once what is queued for it has been written and flushed, waiting at
     * most {@code flushWithin} (then discarding the rest, as {@link #leave(Connection)} does). From
     * the call on, the member takes no new message. Blocks the calling thread.
     *
     * @return false when it was no member
     */
    public boolean leave(Connection connection, Duration flushWithin) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(flushWithin, "flushWithin");
        Member member = members.get(connection);
        if (member == null) {
            return false;
        }
        if (!member.drain(flushWithin.toNanos())) {
            LOG.log(Level.DEBUG, "{0}: {1} left before its queue was flushed ({2} ms)", name, connection,
                    flushWithin.toMillis());
        }
        return remove(member);
    }

    public boolean contains(Connection connection) {
        return members.containsKey(Objects.requireNonNull(connection, "connection"));
    }

    /** Members now; those found closed leave first. */
    public int members() {
        for (Member m : members.values()) {
            if (!m.connection().isOpen()) {
                remove(m);
            }
        }
        return members.size();
    }

    /** Queues {@code message}, encoded once as UTF-8, for every member. */
    public int broadcast(String message) {
        Objects.requireNonNull(message, "message");
        return broadcast(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues {@code message}, encoded once as UTF-8, for every member but {@code except}. */
    public int broadcast(String message, Connection except) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(except, "except");
        return broadcast(message.getBytes(StandardCharsets.UTF_8), except);
    }

    /**
     * Queues {@code payload} for every member. The array is shared by all queues, not copied: do not
     * change it afterwards.
     *
     * @return the number of members it was queued for
     */
    public int broadcast(byte[] payload) {
        return publish(Objects.requireNonNull(payload, "payload"), null);
    }

    /** As {@link #broadcast(byte[])}, for every member but {@code except}. */
    public int broadcast(byte[] payload, Connection except) {
        Objects.requireNonNull(except, "except");
        return publish(Objects.requireNonNull(payload, "payload"), except);
    }

    private int publish(byte[] payload, Connection except) {
        counters.broadcast();
        int queued = deliver(payload, except);
        if (bus != null) {
            bus.publish(payload);
        }
        return queued;
    }

    /** Queues {@code payload} for the members of this process; for a broadcast, or one from the bus. */
    private int deliver(byte[] payload, Connection except) {
        int queued = 0;
        for (Member m : members.values()) {
            Connection c = m.connection();
            if (c == except) {
                continue;
            }
            if (!c.isOpen()) {
                remove(m);
                continue;
            }
            if (offer(m, payload)) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * Queues {@code message}, encoded as UTF-8, for one member, in order with what is broadcast to
     * it; the same limit and policy apply, so the caller waits while that member's queue is full.
     *
     * @return false when {@code member} is not a member (any more)
     */
    public boolean send(Connection member, String message) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(message, "message");
        Member m = members.get(member);
        return m != null && offer(m, message.getBytes(StandardCharsets.UTF_8));
    }

    private boolean offer(Member m, byte[] payload) {
        return switch (m.offer(payload, stallNanos)) {
            case QUEUED -> true;
            case STARTED_DROPPING -> {
                SlowConsumers.record(this, m.connection());
                LOG.log(Level.WARNING, "{0}: {1} is slow: dropping its oldest messages (queue limit {2} "
                        + "messages, {3} bytes)", name, m.connection(), maxQueuedMessages, maxQueuedBytes);
                yield true;
            }
            case OVER_LIMIT -> {
                disconnectSlow(m);
                yield false;
            }
            case GONE -> false; // left meanwhile
        };
    }

    private void disconnectSlow(Member m) {
        if (!remove(m)) {
            return;
        }
        counters.disconnectedSlow();
        SlowConsumers.record(this, m.connection());
        LOG.log(Level.WARNING, "{0}: disconnecting {1}: too slow, its queue reached the limit of {2} messages "
                + "or {3} bytes and it took none for {4} ms", name, m.connection(), maxQueuedMessages, maxQueuedBytes,
                slowConsumerTimeout.toMillis());
        m.connection().abort();
    }

    /** Called by a member's writer when a write failed. */
    void writeFailed(Member m, Exception e) {
        if (remove(m)) {
            LOG.log(Level.DEBUG, "{0}: {1} left: write failed: {2}", name, m.connection(), e.toString());
            m.connection().abort();
        }
    }

    /** Called by a member's writer when its queue ran empty after dropping. */
    void caughtUp(Member m, long lost) {
        LOG.log(Level.INFO, "{0}: {1} caught up after losing {2} messages", name, m.connection(), lost);
    }

    private boolean remove(Member m) {
        if (!members.remove(m.connection(), m)) {
            return false;
        }
        long lost = m.stop();
        if (lost > 0) {
            LOG.log(Level.INFO, "{0}: {1} left after losing {2} messages", name, m.connection(), lost);
        }
        return true;
    }

    /** A snapshot of the group's counters. */
    public GroupStats stats() {
        return counters.snapshot(members());
    }

    /**
     * The {@code limit} members furthest behind, longest queue first (by bytes when two hold as
     * many messages). Each member's queue is read under its own lock, briefly: meant for a status
     * page or a log now and then, not for every message.
     */
    public List<MemberBacklog> slowestMembers(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        return members.values().stream()
                .map(Member::backlog)
                .sorted(Comparator.comparingInt(MemberBacklog::queuedMessages)
                        .thenComparingLong(MemberBacklog::queuedBytes).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * Makes every member leave, and closes the bus if there is one; the members' connections stay
     * open. Later joins fail, broadcasts reach no one.
     */
    @Override
    public void close() {
        closed = true;
        if (bus != null) {
            bus.close();
        }
        for (Member m : members.values()) {
            remove(m);
        }
    }

    @Override
    public String toString() {
        return "group " + name + " (" + members.size() + " members, " + policy + ")";
    }

    /** Settings for a {@link ConnectionGroup}. */
    public static final class Builder {
        private String name = "group";
        private SlowConsumerPolicy policy = SlowConsumerPolicy.DISCONNECT;
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private Duration slowConsumerTimeout = DEFAULT_SLOW_CONSUMER_TIMEOUT;
        private GroupBus bus;

        private Builder() {
        }

        /**
         * Carries broadcasts to the same group in other processes through {@code bus} (none by
         * default: the group lives in this process). {@link #build()} opens it; the group owns it.
         */
        public Builder bus(GroupBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * How long a member whose queue is full may take no message before it counts as stopped
         * ({@link #DEFAULT_SLOW_CONSUMER_TIMEOUT} by default); {@link Duration#ZERO} cuts it as
         * soon as its queue is full, never making a sender wait.
         */
        public Builder slowConsumerTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("slowConsumerTimeout must not be negative, got " + timeout);
            }
            this.slowConsumerTimeout = timeout;
            return this;
        }

        /** A name for writer threads and log lines. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder policy(SlowConsumerPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The most messages a member's queue holds. */
        public Builder maxQueuedMessages(int maxQueuedMessages) {
            if (maxQueuedMessages < 1) {
                throw new IllegalArgumentException("maxQueuedMessages must be at least 1, got " + maxQueuedMessages);
            }
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /** The most bytes a member's queue holds (a single larger message still enters an empty queue). */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            if (maxQueuedBytes < 1) {
                throw new IllegalArgumentException("maxQueuedBytes must be at least 1, got " + maxQueuedBytes);
            }
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        public ConnectionGroup build() {
            return new ConnectionGroup(this);
        }
    }
}
