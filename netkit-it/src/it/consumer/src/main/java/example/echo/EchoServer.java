package example.echo;

import dev.netkit.Endpoint;
import dev.netkit.Server;

/**
 * The echo server of netkit's README, "The library in five lines", on the port given (8080 if none;
 * 0 for any free port). Prints the port and the transport, then serves until the JVM ends.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;

        Server server = Server.builder()
                .listen(Endpoint.tcp(port))                       // or Endpoint.unix("/run/echo.sock"), or both
                .handler(conn -> {                                // runs on the connection's own virtual thread
                    conn.send("Welcome to echo server!\n");
                    for (String line : conn.lines()) conn.send("Echo: " + line + "\n");
                })
                .start();

        System.out.println("port " + server.port() + " transport " + server.transportName());
        server.awaitStop();
    }
}
