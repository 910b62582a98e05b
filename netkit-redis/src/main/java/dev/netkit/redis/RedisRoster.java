package dev.netkit.redis;

import dev.netkit.group.Roster;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link Roster} on Redis keys (see {@link RedisKeys} and {@link RosterScripts}). Each claim is
 * one atomic script; a heartbeat renews this node's marker and claims every interval, which lapse
 * after three intervals without one, and takes over the names of nodes whose marker lapsed.
 *
 * <p>This node's own names are also kept in memory: they are checked first, they are what the
 * heartbeat writes (so a Redis that restarted empty learns them again), and while Redis cannot be
 * reached the roster works from them alone (names unique on this node only, {@code /who} listing
 * this node's users) rather than refusing service.
 *
 * <p>Threading: one lock orders this node's changes with its heartbeat, so that a heartbeat never
 * writes back a name just released or misses one just claimed.
 */
final class RedisRoster implements Roster {

    private static final Logger LOG = System.getLogger("dev.netkit.redis");

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final String nodeId;
    private final String ttl;
    private final String membersTtl;
    private final Duration heartbeat;
    private final Outage outage;
    private final Roster own = Roster.local();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Consumer<String> lapsed = name -> { };
    private final Thread heart;
    private volatile boolean closed;

    RedisRoster(StatefulRedisConnection<String, String> connection, RedisKeys keys, String nodeId, Duration heartbeat,
                Outage outage) {
        this.redis = connection.sync();
        this.keys = keys;
        this.nodeId = nodeId;
        this.heartbeat = heartbeat;
        this.ttl = Long.toString(heartbeat.toMillis() * RedisRoom.LAPSE_HEARTBEATS);
        // long enough for a survivor to read a dead node's members after its marker lapsed
        this.membersTtl = Long.toString(heartbeat.toMillis() * RedisRoom.LAPSE_HEARTBEATS * 4);
        this.outage = outage;
        beat();
        this.heart = Thread.ofVirtual().name("redis-heartbeat-" + nodeId).start(this::beatLoop);
    }

    @Override
    public boolean claim(String name) {
        Objects.requireNonNull(name, "name");
        lock.lock();
        try {
            if (!own.claim(name)) {
                return false;
            }
            String k = key(name);
            Optional<String> holder = eval(RosterScripts.CLAIM, new String[] {keys.nick(k), members()},
                    nodeId, ttl, k, name, membersTtl, keys.prefix());
            if (holder.isPresent()) {
                own.release(name);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> rename(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        lock.lock();
        try {
            Optional<String> here = own.rename(from, to);
            if (here.isPresent()) {
                return here;
            }
            Optional<String> holder = eval(RosterScripts.RENAME,
                    new String[] {keys.nick(key(to)), keys.nick(key(from)), members()},
                    nodeId, ttl, key(to), to, key(from), membersTtl, keys.prefix());
            if (holder.isPresent()) {
                own.rename(to, from);
            }
            return holder;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String name) {
        Objects.requireNonNull(name, "name");
        lock.lock();
        try {
            own.release(name);
            eval(RosterScripts.RELEASE, new String[] {keys.nick(key(name)), members()}, nodeId, key(name));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        try {
            List<String> all = new ArrayList<>(redis.<List<String>>eval(RosterScripts.NAMES, ScriptOutputType.MULTI,
                    new String[] {keys.nodes()}, keys.prefix()));
            outage.restored();
            all.sort(String.CASE_INSENSITIVE_ORDER);
            return all;
        } catch (RedisException e) {
            outage.down(e.getMessage());
            return own.names();
        }
    }

    @Override
    public int count() {
        try {
            long n = redis.<Long>eval(RosterScripts.COUNT, ScriptOutputType.INTEGER, new String[] {keys.nodes()},
                    keys.prefix());
            outage.restored();
            return Math.toIntExact(n);
        } catch (RedisException e) {
            outage.down(e.getMessage());
            return own.count();
        }
    }

    @Override
    public void onLapsed(Consumer<String> departed) {
        this.lapsed = Objects.requireNonNull(departed, "departed");
    }

    /**
     * Runs a script whose answer is "" for done or a holder's name; a Redis that cannot be reached
     * counts as done (this node decides alone meanwhile).
     */
    private Optional<String> eval(String script, String[] scriptKeys, String... args) {
        try {
            String holder = redis.eval(script, ScriptOutputType.VALUE, scriptKeys, args);
            outage.restored();
            return holder == null || holder.isEmpty() ? Optional.empty() : Optional.of(holder);
        } catch (RedisException e) {
            outage.down(e.getMessage());
            return Optional.empty();
        }
    }

    private void beatLoop() {
        while (!closed) {
            try {
                Thread.sleep(heartbeat);
            } catch (InterruptedException e) {
                return;
            }
            beat();
        }
    }

    /** Renews this node's claims, then announces the names of nodes that lapsed. */
    private void beat() {
        try {
            renew();
            List<String> gone = redis.eval(RosterScripts.REAP, ScriptOutputType.MULTI, new String[] {keys.nodes()},
                    keys.prefix(), nodeId);
            outage.restored();
            if (!gone.isEmpty()) {
                LOG.log(Level.INFO, "{0} names lapsed with their node: {1}", gone.size(), gone);
                Consumer<String> announce = lapsed;
                // the announcements may wait on slow members; the heartbeat must not
                Thread.ofVirtual().name("redis-lapsed-" + nodeId).start(() -> gone.forEach(announce));
            }
        } catch (RedisException e) {
            outage.down(e.getMessage());
        }
    }

    private void renew() {
        lock.lock();
        try {
            List<String> names = own.names();
            List<String> args = new ArrayList<>(4 + 2 * names.size());
            args.addAll(List.of(nodeId, ttl, membersTtl, keys.prefix()));
            for (String name : names) {
                args.add(key(name));
                args.add(name);
            }
            List<String> lost = redis.eval(RosterScripts.HEARTBEAT, ScriptOutputType.MULTI,
                    new String[] {keys.nodes(), keys.node(nodeId), members()}, args.toArray(String[]::new));
            if (!lost.isEmpty()) {
                LOG.log(Level.WARNING, "names also claimed on another node while Redis was unreachable, kept "
                        + "here too: {0}", lost);
            }
        } finally {
            lock.unlock();
        }
    }

    private String members() {
        return keys.members(nodeId);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heart.interrupt();
        lock.lock();
        try {
            own.close();
            redis.eval(RosterScripts.LEAVE, ScriptOutputType.VALUE,
                    new String[] {keys.nodes(), keys.node(nodeId), members()}, nodeId, keys.prefix());
        } catch (RedisException e) {
            LOG.log(Level.DEBUG, "could not remove node {0} from Redis (its keys lapse by themselves): {1}",
                    nodeId, e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
