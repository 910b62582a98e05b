package dev.netkit.group;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The names of a group's members, unique regardless of case, across every process (node) that
 * shares the roster: what a chat room's {@code /nick} and {@code /who} need. {@link #local()} is
 * the roster of one process; {@code netkit-redis} has one that spans nodes.
 *
 * <p>A name is claimed by a member of this node and stays claimed until released, or, on a roster
 * that spans nodes, until its node stops renewing its claims (it was killed or cut off): the
 * roster then {@linkplain #onLapsed reports} the name once, on one surviving node, so that its
 * members can be told who left.
 *
 * <p>Threading: every method is safe from any thread; methods may block on the network.
 */
public interface Roster extends AutoCloseable {

    /** A roster of this process alone, in memory. */
    static Roster local() {
        return new LocalRoster();
    }

    /**
     * Claims {@code name} for a member of this node.
     *
     * @return false when it is held already (by any node, whatever its case)
     */
    boolean claim(String name);

    /**
     * Moves this node's claim on {@code from} to {@code to} at once; a change of case alone is
     * always allowed.
     *
     * @return empty when done; else the name that holds {@code to}, as its holder wrote it
     */
    Optional<String> rename(String from, String to);

    /** Releases this node's claim on {@code name}; nothing when it holds none. */
    void release(String name);

    /** Every name held now, on every node, sorted without regard to case. */
    List<String> names();

    /**
     * How many names are held now, on every node: what a newcomer's welcome counts, without the
     * copy and sort of {@link #names()} (which, once per arrival, made 10,000 arrivals cost
     * 1.3 GB of garbage). By default the size of {@link #names()}.
     */
    default int count() {
        return names().size();
    }

    /**
     * Calls {@code departed} with each name whose node vanished without releasing it, once per
     * name, on one surviving node. A local roster never calls it.
     */
    void onLapsed(Consumer<String> departed);

    /** Releases this node's names and stops renewing them. */
    @Override
    void close();
}
