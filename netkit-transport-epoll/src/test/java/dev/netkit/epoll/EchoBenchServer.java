package dev.netkit.epoll;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;

/**
 * Not a test: a raw echo server for measuring one transport against the other with an outside
 * load generator, {@code perf stat} and {@code /proc/PID/stat}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp ... dev.netkit.epoll.EchoBenchServer epoll 9000</pre>
 */
public final class EchoBenchServer {

    private EchoBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        TransportType transport = TransportType.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        int port = Integer.parseInt(args[1]);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", port)).transport(transport)
                .maxConnections(100_000)
                .handler(c -> c.input().transferTo(c.output()))
                .start();
        System.out.println("echo on " + server.endpoint() + " transport " + server.transportName());
        server.awaitStop();
    }
}
