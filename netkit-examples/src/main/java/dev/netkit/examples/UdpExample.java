package dev.netkit.examples;

import dev.netkit.udp.UdpServer;
import dev.netkit.udp.UdpSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The Node.js tour's {@code dgram} example: a server bound to a port that prints each message with
 * the sender's address and port, and a client that sends one message.
 *
 * <pre>
 * java dev.netkit.examples.UdpExample server [PORT]          (port 8080 by default)
 * java dev.netkit.examples.UdpExample send HOST PORT MESSAGE
 * </pre>
 *
 * The Node original, for comparison:
 *
 * <pre>{@code
 * socket.bind(8080);
 * socket.on('message', (msg, rinfo) => {
 *   console.log(`Received: ${msg} from ${rinfo.address}:${rinfo.port}`);
 * });
 * socket.send(buffer, port, address, callback);
 * }</pre>
 *
 * Each message is printed from the virtual thread that handles it; {@code out} must be safe for
 * concurrent use ({@code System.out::println} is).
 */
public final class UdpExample {

    private UdpExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("server") && args.length <= 2) {
            UdpServer server = startServer(args.length == 2 ? Integer.parseInt(args[1]) : 8080, System.out::println);
            System.out.println("UDP server listening on port " + server.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(2))));
            server.awaitStop();
        } else if (args.length == 4 && args[0].equals("send")) {
            send(args[1], Integer.parseInt(args[2]), args[3]);
        } else {
            System.err.println("usage: UdpExample server [PORT] | UdpExample send HOST PORT MESSAGE");
            System.exit(2);
        }
    }

    /** Binds {@code port} (0: any free port) and prints "Received: MSG from ADDRESS:PORT" per datagram. */
    public static UdpServer startServer(int port, Consumer<String> out) throws IOException {
        return UdpServer.builder()
                .bind(port)
                .name("udp-example")
                .handler((datagram, reply) -> out.accept("Received: " + withoutLineBreak(datagram.text())
                        + " from " + datagram.sender().getAddress().getHostAddress() + ":" + datagram.sender().getPort()))
                .start();
    }

    /** Sends {@code message} as one datagram to {@code host:port}; returns the address it was sent from. */
    public static InetSocketAddress send(String host, int port, String message) throws IOException {
        try (UdpSocket socket = UdpSocket.open()) {
            socket.send(message.getBytes(StandardCharsets.UTF_8), new InetSocketAddress(InetAddress.getByName(host), port));
            return socket.localAddress();
        }
    }

    /** {@code nc -u} sends the typed line with its line break; print it on one line. */
    private static String withoutLineBreak(String text) {
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
