package dev.netkit.group;

/**
 * A snapshot of a {@link GroupBus}'s counters, totals since it was opened.
 *
 * @param published  messages sent to the other nodes
 * @param received   messages received from other nodes and handed to the group
 * @param notRelayed messages this node could not send to the others (bus down, outbox full) or
 *                   could not take from them (inbox full): each reached this node's members only,
 *                   or only the other nodes' members
 * @param up         whether the bus is connected now
 */
public record BusStats(long published, long received, long notRelayed, boolean up) {
}
