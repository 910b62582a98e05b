package dev.netkit.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a group gave up on a slow member: disconnected it, or began dropping its oldest messages. */
@Name("dev.netkit.SlowConsumerDropped")
@Label("Slow Consumer Dropped")
@Category({"netkit", "Groups"})
@Description("A connection group disconnected a slow member, or began dropping its oldest messages")
@StackTrace(false)
public final class SlowConsumerEvent extends Event {

    /** The group's name. */
    @Label("Group")
    public String group;

    /** The member's connection id. */
    @Label("Connection Id")
    public long connectionId;

    /** The member's address. */
    @Label("Remote Address")
    public String remoteAddress;

    /** The group's slow-consumer policy: {@code DISCONNECT} or {@code DROP_OLDEST}. */
    @Label("Policy")
    public String policy;
}
