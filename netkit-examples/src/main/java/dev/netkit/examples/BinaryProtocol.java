package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.FrameReader;
import dev.netkit.framing.FrameWriter;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The Node.js tour's "Binary Protocol" pattern ({@code buffer.readInt32BE(0)}): a checksum service
 * over length-prefixed frames. The client sends frames; the server answers each with a 4-byte frame
 * holding the CRC-32 of its payload.
 *
 * <pre>
 * request:  | length N (int32, big-endian) | N bytes of payload (N at most 64 KiB) |
 * reply:    | 00 00 00 04                  | CRC-32 of the payload (int32, big-endian) |
 * </pre>
 *
 * <pre>
 * java -cp ... dev.netkit.examples.BinaryProtocol server [PORT | HOST:PORT | unix:PATH]   (default 6789)
 * java -cp ... dev.netkit.examples.BinaryProtocol client HOST:PORT|unix:PATH MESSAGE...
 * </pre>
 *
 * Unlike the Node.js tour's sketch, {@link FrameReader} does not assume that one {@code 'data'}
 * chunk holds one frame: TCP may split a frame or merge several. A negative or oversized length
 * ends the connection (the server logs it) before anything is allocated.
 */
public final class BinaryProtocol {

    static final int MAX_FRAME = 64 * 1024;

    private BinaryProtocol() {
    }

    public static void main(String... args) throws IOException {
        String role = args.length > 0 ? args[0] : "";
        if (role.equals("server")) {
            Server server = start(args.length > 1 ? Endpoint.parse(args[1]) : Endpoint.tcp(6789));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            System.out.println("Checksum server listening on " + server.endpoint());
        } else if (role.equals("client") && args.length > 2) {
            run(Endpoint.parse(args[1]), System.out, Arrays.copyOfRange(args, 2, args.length));
        } else {
            System.err.println("usage: BinaryProtocol server [ENDPOINT] | client ENDPOINT MESSAGE...");
            System.exit(2);
        }
    }

    public static Server start(Endpoint endpoint) throws IOException {
        return Server.builder().listen(endpoint).handler(conn -> {
            FrameReader requests = new FrameReader(conn.input(), MAX_FRAME);
            FrameWriter replies = new FrameWriter(conn.output(), 4);
            byte[] payload;
            while ((payload = requests.read()) != null) {
                CRC32 crc = new CRC32();
                crc.update(payload);
                replies.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            }
        }).start();
    }

    /** Sends each message as a frame and prints the checksum the server returns for it. */
    public static void run(Endpoint endpoint, PrintStream out, String... messages) throws IOException {
        try (Connection conn = Client.connect(endpoint)) {
            FrameWriter requests = new FrameWriter(conn.output(), MAX_FRAME);
            FrameReader replies = new FrameReader(conn.input(), 4);
            for (String message : messages) {
                requests.write(message.getBytes(StandardCharsets.UTF_8));
                byte[] reply = replies.read();
                if (reply == null || reply.length != 4) {
                    throw new EOFException("expected a 4-byte checksum frame, got " + (reply == null ? "the end" : reply.length + " bytes"));
                }
                out.printf("%s -> crc32 %08x%n", message, ByteBuffer.wrap(reply).getInt());
            }
        }
    }
}
