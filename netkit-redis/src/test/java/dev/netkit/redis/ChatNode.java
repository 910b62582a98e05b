package dev.netkit.redis;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.services.ChatService;

import java.io.IOException;
import java.time.Duration;

/**
 * One chat node of a room on Redis, in this JVM, or, through {@link #main}, as a JVM of its own
 * that prints its port and serves until killed.
 */
final class ChatNode implements AutoCloseable {

    final RedisRoom room;
    final ConnectionGroup group;
    final Server server;

    private ChatNode(RedisRoom room) throws IOException {
        this.room = room;
        this.group = ConnectionGroup.builder().name("chat").bus(room.bus()).build();
        this.server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(new ChatService(group, room.roster(), Duration.ZERO)).start();
    }

    static ChatNode start(String uri, Duration heartbeat) throws IOException {
        return new ChatNode(RedisRoom.builder(uri).heartbeat(heartbeat).connect());
    }

    Endpoint endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() throws IOException {
        server.stop(Duration.ofSeconds(1));
        group.close();
        room.close();
    }

    /** {@code ChatNode URI HEARTBEAT_MS}: prints {@code port N}, then serves until killed. */
    public static void main(String[] args) throws Exception {
        ChatNode node = start(args[0], Duration.ofMillis(Long.parseLong(args[1])));
        System.out.println("port " + ((Endpoint.Tcp) node.endpoint()).port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
