package dev.netkit.redis;

/**
 * The Redis names of one room, all under {@code netkit:ROOM:}.
 *
 * <pre>
 * netkit:ROOM:bus              the pub/sub channel of the room's group
 * netkit:ROOM:nodes            set of node ids that have joined (a node found dead is removed)
 * netkit:ROOM:node:ID          "alive" marker, expires unless the node's heartbeat renews it
 * netkit:ROOM:members:ID       hash lower-case name -> name, the node's members (kept longer, so
 *                              that a survivor can announce them after the node died)
 * netkit:ROOM:nick:NAME        the node id that holds NAME (lower case); the atomic claim
 * </pre>
 *
 * @param prefix {@code netkit:ROOM:}
 */
record RedisKeys(String prefix) {

    static RedisKeys of(String room) {
        return new RedisKeys("netkit:" + room + ":");
    }

    String channel() {
        return prefix + "bus";
    }

    String nodes() {
        return prefix + "nodes";
    }

    String node(String id) {
        return prefix + "node:" + id;
    }

    String members(String id) {
        return prefix + "members:" + id;
    }

    String nick(String key) {
        return prefix + "nick:" + key;
    }
}
