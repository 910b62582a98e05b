package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;

import java.io.IOException;

/**
 * The Node.js tour's "Connection Pooling" pattern: the server keeps the set of open connections and
 * broadcasts to all of them. Here each line a client sends goes to every client, the sender
 * included, as the Node.js tour's {@code broadcast(message)} writes to every socket in the set.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.BroadcastExample [PORT]   (default 8080), then nc localhost 8080 twice
 * </pre>
 *
 * Where it differs: the Node.js tour's {@code socket.write} in a loop buffers without limit for a
 * client that does not read, until the server runs out of memory. A {@link ConnectionGroup} gives
 * each client a bounded queue drained by its own thread, so {@code broadcast} never waits, and a
 * client that falls 1,024 lines behind is disconnected (and logged) instead.
 */
public final class BroadcastExample {

    private BroadcastExample() {
    }

    public static void main(String... args) throws IOException {
        Server server = start(Endpoint.tcp(args.length > 0 ? Integer.parseInt(args[0]) : 8080));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Broadcast server listening on " + server.endpoint());
    }

    public static Server start(Endpoint endpoint) throws IOException {
        ConnectionGroup connections = ConnectionGroup.create();  // let connections = new Set();
        return Server.builder()
                .listen(endpoint)
                .handler(socket -> {
                    connections.join(socket);                    // leaves by itself when closed
                    for (String line : socket.lines()) {
                        connections.broadcast(line + "\n");      // broadcast(message)
                    }
                })
                .start();
    }
}
