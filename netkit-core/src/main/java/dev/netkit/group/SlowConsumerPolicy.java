package dev.netkit.group;

/**
 * What a {@link ConnectionGroup} does with a member whose outbound queue would pass its limit,
 * which happens when the member's peer reads more slowly than the group broadcasts.
 */
public enum SlowConsumerPolicy {

    /**
     * Abort the member's connection (a TCP peer sees a reset) and remove it from the group. The
     * member loses the message that passed the limit, everything still queued for it, and whatever
     * its socket's send buffer held. The other members lose nothing. Redis does this to pub/sub
     * clients over their output buffer limit; it suits a stream where a gap would mislead.
     */
    DISCONNECT,

    /**
     * Keep the member and discard its oldest queued messages until the new one fits. The member
     * sees a gap (lines missing from the middle of what it receives, without a marker) and
     * stays connected; the other members lose nothing. Suits live data where only the newest
     * messages matter.
     */
    DROP_OLDEST
}
