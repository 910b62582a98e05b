package dev.netkit.group;

/**
 * A snapshot of a {@link GroupBus}'s counters, totals since it was opened.
 *
 * @param published  messages sent to the other nodes
 * @param received   messages received from other nodes and handed to the group
 * @param notRelayed messages that may not have crossed: those this node could not send to the others
 *                   (bus down, outbox full, not confirmed in time), and those of other nodes it
 *                   missed or could not take (a gap in their sequence, inbox full). A message that
 *                   failed on both sides may be counted by both; one that was lost is counted
 * @param up         whether the bus is connected now
 */
public record BusStats(long published, long received, long notRelayed, boolean up) {
}
