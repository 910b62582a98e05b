package dev.netkit.redis;

import dev.netkit.group.BusStats;
import dev.netkit.group.GroupBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A {@link GroupBus} on one Redis pub/sub channel per room. Each message is framed as the sending
 * node's id, its sequence number on that node, then the payload: a node skips its own messages, a
 * message seen twice (the client re-sends what was in flight when a connection dropped), and counts
 * the gaps in another node's sequence: messages published while this node was not subscribed,
 * which Redis pub/sub drops without telling anyone.
 *
 * <p>Two bounded queues decouple the group from Redis: {@link #publish} puts the message in the
 * outbox and returns; one virtual thread sends what the outbox holds as one pipelined batch over a
 * connection of its own, so messages leave in the order published. The subscription's messages
 * arrive on the Redis client's event loop, which must never block: they go to the inbox, and one
 * virtual thread hands them to the group (which may wait on a member's full queue). A full queue,
 * or a batch that Redis did not take, is counted in {@link BusStats#notRelayed()}: neither queue
 * grows while Redis is away. The client reconnects by itself (with backoff) and subscribes again.
 */
final class RedisBus implements GroupBus {

    private static final int MAX_BATCH = 256;
    /** Nodes whose last sequence number is remembered; more are forgotten (gaps then go unseen once). */
    private static final int MAX_ORIGINS = 1024;

    private final RedisClient client;
    private final String nodeId;
    private final byte[] origin;
    private final byte[] channel;
    private final Duration timeout;
    private final Outage outage;
    private final BlockingQueue<byte[]> outbox;
    private final BlockingQueue<byte[]> inbox;
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder notRelayed = new LongAdder();
    private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();
    // the publisher thread's alone
    private long sequence;
    private StatefulRedisConnection<byte[], byte[]> sender;
    private StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private Thread publisher;
    private Thread deliverer;
    private volatile boolean closed;

    RedisBus(RedisClient client, RedisAddress address, String nodeId, int queueLimit, Duration timeout) {
        this.client = client;
        this.nodeId = nodeId;
        this.origin = nodeId.getBytes(StandardCharsets.US_ASCII);
        this.channel = RedisKeys.of(address.room()).channel().getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.outage = new Outage(address.shown(), notRelayed::sum);
        this.outbox = new ArrayBlockingQueue<>(queueLimit);
        this.inbox = new ArrayBlockingQueue<>(queueLimit);
    }

    @Override
    public void open(String groupName, Consumer<byte[]> inbound) {
        Objects.requireNonNull(inbound, "inbound");
        if (sender != null) {
            throw new IllegalStateException("bus already opened");
        }
        sender = client.connect(ByteArrayCodec.INSTANCE);
        sender.setAutoFlushCommands(false);
        subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] from, byte[] message) {
                arrived(message);
            }
        });
        subscriber.sync().subscribe(channel);
        publisher = Thread.ofVirtual().name(groupName + "-redis-publisher").start(this::publishLoop);
        deliverer = Thread.ofVirtual().name(groupName + "-redis-deliverer").start(() -> deliverLoop(inbound));
    }

    /** The connection whose state says whether cross-node delivery is up. */
    boolean isSender(Object connection) {
        return connection == sender;
    }

    Outage outage() {
        return outage;
    }

    @Override
    public void publish(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (closed || !outbox.offer(payload)) {
            notRelayed.increment();
        }
    }

    private void publishLoop() {
        List<byte[]> batch = new ArrayList<>(MAX_BATCH);
        List<RedisFuture<Long>> sent = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                byte[] first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, MAX_BATCH - 1);
                for (byte[] payload : batch) {
                    send(payload, sent);
                }
                sender.flushCommands();
                for (RedisFuture<Long> f : sent) {
                    confirm(f);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
                sent.clear();
            }
        }
    }

    private void send(byte[] payload, List<RedisFuture<Long>> sent) {
        try {
            RedisFuture<Long> f = sender.async().publish(channel, frame(++sequence, payload));
            if (f.toCompletableFuture().isCompletedExceptionally()) {
                // refused at once, while disconnected: the number is not used, so no receiver sees a gap
                sequence--;
                notRelayed.increment();
                outage.down("not connected");
            } else {
                sent.add(f);
            }
        } catch (RuntimeException e) { // refused at once while disconnected
            sequence--;
            notRelayed.increment();
            outage.down(e.getMessage());
        }
    }

    private void confirm(RedisFuture<Long> f) throws InterruptedException {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            published.increment();
            outage.restored();
        } catch (ExecutionException | TimeoutException e) {
            notRelayed.increment();
            outage.down(e.getCause() == null ? e.toString() : e.getCause().getMessage());
        }
    }

    private byte[] frame(long number, byte[] payload) {
        byte[] framed = Arrays.copyOf(origin, origin.length + Long.BYTES + payload.length);
        ByteBuffer.wrap(framed, origin.length, Long.BYTES).putLong(number);
        System.arraycopy(payload, 0, framed, origin.length + Long.BYTES, payload.length);
        return framed;
    }

    /** On the client's event loop: never blocks. */
    private void arrived(byte[] message) {
        int header = origin.length + Long.BYTES;
        if (message.length < header || Arrays.equals(message, 0, origin.length, origin, 0, origin.length)) {
            return; // this node's own, or not ours
        }
        if (!inSequence(new String(message, 0, origin.length, StandardCharsets.US_ASCII),
                ByteBuffer.wrap(message, origin.length, Long.BYTES).getLong())) {
            return;
        }
        if (!inbox.offer(Arrays.copyOfRange(message, header, message.length))) {
            notRelayed.increment();
        }
    }

    /** Counts the gap before {@code number}; false for a message already seen. */
    private boolean inSequence(String from, long number) {
        if (lastSeen.size() >= MAX_ORIGINS && !lastSeen.containsKey(from)) {
            lastSeen.clear();
        }
        Long last = lastSeen.put(from, number);
        if (last == null) {
            return true;
        }
        if (number <= last) {
            lastSeen.put(from, last);
            return false;
        }
        if (number > last + 1) {
            notRelayed.add(number - last - 1);
        }
        return true;
    }

    private void deliverLoop(Consumer<byte[]> inbound) {
        while (!closed) {
            try {
                byte[] payload = inbox.take();
                received.increment();
                inbound.accept(payload);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.getLogger("dev.netkit.redis").log(System.Logger.Level.WARNING,
                        "delivering a message from another node failed", e);
            }
        }
    }

    @Override
    public BusStats stats() {
        return new BusStats(published.sum(), received.sum(), notRelayed.sum(), outage.up());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        outage.closing();
        for (Thread t : new Thread[] {publisher, deliverer}) {
            if (t != null) {
                t.interrupt();
            }
        }
        if (subscriber != null) {
            subscriber.close();
        }
        if (sender != null) {
            sender.close();
        }
    }

    @Override
    public String toString() {
        return "redis bus of node " + nodeId;
    }
}
