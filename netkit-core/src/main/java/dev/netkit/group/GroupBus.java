package dev.netkit.group;

import java.util.function.Consumer;

/**
 * Carries a {@link ConnectionGroup}'s broadcasts to the same group in other processes (nodes), so
 * that one group spans them all. A group without a bus (the default) lives in one process and pays
 * nothing for this.
 *
 * <h2>What a bus promises</h2>
 * <ul>
 *   <li>A broadcast is {@linkplain #publish published} once, whatever the number of members or
 *       nodes; every other node hands it to its group once, which queues it for each of its members
 *       once. The publishing node does not get its own message back: its members had it from the
 *       broadcast itself.</li>
 *   <li>Messages published by one thread reach every node in the order published; messages of
 *       different threads or nodes may interleave differently on different nodes.</li>
 *   <li>{@link #publish} never waits for the network and never throws for a fault of the bus: a
 *       message the bus cannot relay (the bus is down, or its bounded outbox is full) is counted in
 *       {@link BusStats#notRelayed()}, never lost silently; local members still get it.</li>
 *   <li>Inbound messages reach members through their own bounded queues, under the group's
 *       {@link SlowConsumerPolicy}, as local broadcasts do.</li>
 * </ul>
 *
 * <p>netkit's implementation on Redis pub/sub is in the {@code netkit-redis} module.
 *
 * <p>Threading: {@link #publish} is called from any thread; {@code inbound} is called by one
 * thread of the bus at a time, and may block (while a member's queue is full).
 */
public interface GroupBus extends AutoCloseable {

    /**
     * Starts carrying messages: from now on, messages that other nodes publish are handed to
     * {@code inbound}, each once. Called once, by {@link ConnectionGroup.Builder#build()}.
     *
     * @param groupName the group's name, for log lines
     * @param inbound   takes a message from another node; it must not be changed
     */
    void open(String groupName, Consumer<byte[]> inbound);

    /**
     * Sends {@code payload} to the other nodes, or counts it as not relayed. Returns without waiting
     * for the network. The array is not copied: it must not be changed afterwards.
     */
    void publish(byte[] payload);

    /** The bus's counters now. */
    BusStats stats();

    /** Stops carrying messages and releases the bus's connections. */
    @Override
    void close();
}
