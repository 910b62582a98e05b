package dev.netkit.group;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * What a member of a {@link ConnectionGroup} has yet to receive, from
 * {@link ConnectionGroup#slowestMembers(int)}: the longer its queue, the further behind it is.
 *
 * @param connectionId   the member's connection id
 * @param remoteAddress  the member's peer address
 * @param queuedMessages messages waiting in its queue
 * @param queuedBytes    bytes of those messages
 */
public record MemberBacklog(long connectionId, SocketAddress remoteAddress, int queuedMessages, long queuedBytes) {

    /** Checks the address. */
    public MemberBacklog {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }
}
