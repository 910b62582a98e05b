package dev.netkit.bench;

/** What a {@code netkit bench} run does to the server. */
public enum BenchMode {
    /** Each connection sends a message and waits for all of it to come back, again and again. */
    PINGPONG,
    /** Each connection writes without pause while reading back what the server returns. */
    STREAM,
    /** Connections are opened, answered once, then held silent. */
    IDLE,
    /** Connections are opened and closed again, as fast as allowed. */
    CONNECT,
    /** Members of a chat room: a few send lines, the server relays each to every other member. */
    FANOUT
}
