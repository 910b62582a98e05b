package dev.netkit.group;

/**
 * A snapshot of a {@link ConnectionGroup}'s counters. The counts are totals since the group was
 * created; each is read separately, so under load they may be a few messages apart.
 *
 * @param members          members now
 * @param broadcast        messages broadcast (calls of {@code broadcast}), whatever reached whom
 * @param delivered        messages written and flushed to a member's connection, one per member
 *                         (greetings included)
 * @param disconnectedSlow members disconnected by {@link SlowConsumerPolicy#DISCONNECT}
 * @param dropped          messages discarded by {@link SlowConsumerPolicy#DROP_OLDEST}, one per member
 * @param queued           messages waiting in members' queues now, one per member
 * @param peakQueue        the longest any member's queue has been, in messages
 * @param peakQueueBytes   the most bytes any member's queue has held
 */
public record GroupStats(int members, long broadcast, long delivered, long disconnectedSlow, long dropped,
                         long queued, int peakQueue, long peakQueueBytes) {
}
