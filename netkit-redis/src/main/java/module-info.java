/**
 * netkit groups and chat rooms across processes, on Redis: {@link dev.netkit.redis.RedisRoom}
 * gives a {@link dev.netkit.group.GroupBus} on Redis pub/sub and a {@link dev.netkit.group.Roster}
 * on Redis keys, through the Lettuce client.
 */
module dev.netkit.redis {
    requires transitive dev.netkit.core;
    requires lettuce.core;

    exports dev.netkit.redis;
}
