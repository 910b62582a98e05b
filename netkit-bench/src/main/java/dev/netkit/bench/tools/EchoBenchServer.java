package dev.netkit.bench.tools;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;

import java.util.Locale;

/**
 * A raw echo server on one chosen transport, for measuring one transport against the other with
 * an outside load generator, {@code perf stat} and {@code /proc/PID/stat}: the server alone in
 * its process, without the start-up and logging of {@code netkit serve echo --raw}.
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl netkit-bench -am
 * java --enable-native-access=ALL-UNNAMED -cp 'netkit-bench/target/netkit-bench.jar:netkit-bench/target/lib/*' dev.netkit.bench.tools.EchoBenchServer epoll 9000
 * </pre>
 */
public final class EchoBenchServer {

    private EchoBenchServer() {
    }

    /**
     * Serves on 127.0.0.1 until killed.
     *
     * @param args the transport ({@code nio}, {@code epoll} or {@code auto}) and the port
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EchoBenchServer nio|epoll|auto PORT");
            System.exit(2);
        }
        TransportType transport = TransportType.valueOf(args[0].toUpperCase(Locale.ROOT));
        int port = Integer.parseInt(args[1]);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", port)).transport(transport)
                .maxConnections(100_000)
                .handler(c -> c.input().transferTo(c.output()))
                .start();
        System.out.println("echo on " + server.endpoint() + " transport " + server.transportName());
        server.awaitStop();
    }
}
