package dev.netkit.group;

import dev.netkit.Connection;
import dev.netkit.internal.Addresses;
import dev.netkit.internal.events.SlowConsumerEvent;

/** Records a group giving up on a slow member as a JFR event, when a recording wants it. */
final class SlowConsumers {

    private SlowConsumers() {
    }

    static void record(ConnectionGroup group, Connection member) {
        SlowConsumerEvent event = new SlowConsumerEvent();
        if (event.shouldCommit()) {
            event.group = group.name();
            event.connectionId = member.id();
            event.remoteAddress = Addresses.describe(member.remoteAddress());
            event.policy = group.policy().name();
            event.commit();
        }
    }
}
