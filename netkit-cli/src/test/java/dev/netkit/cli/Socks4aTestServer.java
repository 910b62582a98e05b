package dev.netkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only SOCKS4a proxy (no packaged server on Debian speaks SOCKS4a: microsocks is SOCKS5
 * only and ncat does not serve SOCKS4): it records each request as {@code user@host:port},
 * rejects {@code blocked.example}, and otherwise connects and relays both ways.
 */
final class Socks4aTestServer implements AutoCloseable {

    private static final int MAX_FIELD = 255;

    private final ServerSocket listener;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Socks4aTestServer(ServerSocket listener) {
        this.listener = listener;
    }

    static Socks4aTestServer start() throws IOException {
        Socks4aTestServer server = new Socks4aTestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(server::accept);
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Each request so far, as {@code user@host:port}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> serve(client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            int version = in.readUnsignedByte();
            int command = in.readUnsignedByte();
            int port = in.readUnsignedShort();
            byte[] ip = in.readNBytes(4);
            String user = field(in);
            boolean nameFollows = ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0;
            String host = nameFollows ? field(in) : InetAddress.getByAddress(ip).getHostAddress();
            requests.add(user + "@" + host + ":" + port);
            if (version != 4 || command != 1 || host.equals("blocked.example")) {
                out.write(new byte[] {0, 0x5B, 0, 0, 0, 0, 0, 0});
                return;
            }
            try (Socket target = new Socket()) {
                target.connect(new InetSocketAddress(host, port), 5_000);
                out.write(new byte[] {0, 0x5A, 0, 0, 0, 0, 0, 0});
                client.setSoTimeout(0);
                Thread upstream = Thread.ofVirtual().start(() -> copy(in, target, true));
                copy(target.getInputStream(), client, false);
                upstream.join(10_000);
            }
        } catch (IOException | InterruptedException e) {
            // the test sees what the client got
        }
    }

    private static void copy(InputStream from, Socket to, boolean halfClose) {
        try {
            from.transferTo(to.getOutputStream());
            if (halfClose) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // one side went away
        }
    }

    private static String field(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            if (bytes.size() == MAX_FIELD) {
                throw new IOException("field over " + MAX_FIELD + " bytes");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
