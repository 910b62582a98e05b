package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.ServerTls;
import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Node.js tour's "TLS/SSL (Secure Sockets)" example: a server made from {@code server-key.pem}
 * and {@code server-cert.pem} that greets each client with {@code Secure connection established\n},
 * and a client that checks the server's certificate and host name before saying {@code Connected
 * securely}.
 *
 * <pre>
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server-key.pem \
 *     -out server-cert.pem -days 365 -subj /CN=localhost -addext subjectAltName=DNS:localhost
 * java -cp ... dev.netkit.examples.TlsExample server [PORT]        (default 8000)
 * java -cp ... dev.netkit.examples.TlsExample client [HOST:PORT]   (trusts server-cert.pem)
 * </pre>
 */
public final class TlsExample {

    private TlsExample() {
    }

    public static void main(String... args) throws IOException {
        Path cert = Path.of("server-cert.pem");
        if (args.length > 0 && args[0].equals("server")) {
            Endpoint endpoint = args.length > 1 ? Endpoint.parse(args[1]) : Endpoint.tcp(8000);
            Server server = start(endpoint, cert, Path.of("server-key.pem"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            System.out.println("Secure server listening on " + server.endpoint());
        } else {
            Endpoint endpoint = args.length > 1 ? Endpoint.parse(args[1]) : Endpoint.tcp("localhost", 8000);
            System.exit(connect(endpoint, cert, System.out));
        }
    }

    /** The Node.js tour's {@code tls.createServer(options, ...)}. */
    public static Server start(Endpoint endpoint, Path cert, Path key) throws IOException {
        return Server.builder()
                .listen(endpoint)
                .tls(ServerTls.fromPem(cert, key))
                .handler(conn -> conn.send("Secure connection established\n"))
                .start();
    }

    /** The Node.js tour's {@code tls.connect(...)}: verifies chain and host name, then prints what the server says. */
    public static int connect(Endpoint endpoint, Path trusted, PrintStream out) throws IOException {
        ClientTls tls = ClientTls.builder().trust(trusted).build();
        try (Connection conn = Client.connect(endpoint, tls)) {
            out.println("Connected securely");
            out.print(new String(conn.input().readAllBytes(), StandardCharsets.UTF_8));
            return 0;
        } catch (SSLException e) {
            out.println("Not secure: " + TlsErrors.describe(e));
            return 1;
        }
    }
}
