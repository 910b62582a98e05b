package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.LengthFieldFormat;
import dev.netkit.framing.LengthFieldReader;
import dev.netkit.framing.LengthFieldWriter;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A server in PostgreSQL's message framing ({@link LengthFieldFormat#POSTGRESQL}): a type byte, a
 * 4-byte big-endian length that counts itself but not the type, then the body. It answers each
 * Query with the command tag a database would send back, without running anything:
 *
 * <pre>
 * client: 'Q' | length | query text, NUL            Query
 * server: 'C' | length | first word in capitals, NUL   CommandComplete
 *         'Z' | 00 00 00 05 | 'I'                    ReadyForQuery (idle)
 * client: 'X' | 00 00 00 04                          Terminate: the server closes
 * </pre>
 *
 * Any other message type gets an ErrorResponse (code 08P01, protocol violation) and the
 * connection closes. A length over 64 KiB, negative, or less than the 4 bytes it counts closes it
 * before anything is allocated. There is no startup message here.
 *
 * <pre>
 * java -cp ... dev.netkit.examples.LengthFieldProtocol server [PORT | HOST:PORT | unix:PATH]   (default 5433)
 * java -cp ... dev.netkit.examples.LengthFieldProtocol client HOST:PORT|unix:PATH QUERY...
 * </pre>
 */
public final class LengthFieldProtocol {

    static final int MAX_MESSAGE = 64 * 1024;
    private static final LengthFieldFormat FORMAT = LengthFieldFormat.POSTGRESQL;

    private LengthFieldProtocol() {
    }

    /** Runs the server, or the client, as the first argument says. */
    public static void main(String... args) throws IOException {
        String role = args.length > 0 ? args[0] : "";
        if (role.equals("server")) {
            Server server = start(args.length > 1 ? Endpoint.parse(args[1]) : Endpoint.tcp(5433));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            System.out.println("Query server listening on " + server.endpoint());
        } else if (role.equals("client") && args.length > 2) {
            run(Endpoint.parse(args[1]), System.out, Arrays.copyOfRange(args, 2, args.length));
        } else {
            System.err.println("usage: LengthFieldProtocol server [ENDPOINT] | client ENDPOINT QUERY...");
            System.exit(2);
        }
    }

    /** Starts the server on {@code endpoint}. */
    public static Server start(Endpoint endpoint) throws IOException {
        return Server.builder().listen(endpoint).handler(conn -> {
            LengthFieldReader messages = FORMAT.reader(conn.input(), MAX_MESSAGE);
            LengthFieldWriter replies = FORMAT.writer(conn.output(), MAX_MESSAGE);
            byte[] message;
            // A frame is the type byte, then the body: the length was checked and stripped.
            while ((message = messages.read()) != null) {
                if (message[0] == 'Q') {
                    String tag = text(message).strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                    replies.write(message('C', tag));
                    replies.write(new byte[] {'Z', 'I'});
                } else if (message[0] == 'X') {
                    return;
                } else {
                    // ErrorResponse: fields of a code letter and a NUL-terminated string, then a NUL.
                    replies.write(message('E', "SERROR", "C08P01", "Munexpected message type " + (char) message[0], ""));
                    return;
                }
            }
        }).start();
    }

    /** Sends each query and prints the messages that answer it, up to ReadyForQuery; then Terminate. */
    public static void run(Endpoint endpoint, PrintStream out, String... queries) throws IOException {
        try (Connection conn = Client.connect(endpoint)) {
            LengthFieldWriter requests = FORMAT.writer(conn.output(), MAX_MESSAGE);
            LengthFieldReader replies = FORMAT.reader(conn.input(), MAX_MESSAGE);
            for (String query : queries) {
                requests.write(message('Q', query));
                byte[] reply;
                while ((reply = replies.read()) != null && reply[0] != 'Z') {
                    out.println(query + " -> " + (char) reply[0] + " " + text(reply));
                }
                if (reply == null) {
                    throw new EOFException("the server closed before ReadyForQuery");
                }
            }
            requests.write(new byte[] {'X'});
        }
    }

    /** A message of {@code type} whose body is each string, NUL-terminated. */
    private static byte[] message(char type, String... strings) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(type);
        for (String s : strings) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        return body.toByteArray();
    }

    /** The body of a message holding one string, without its NUL. */
    private static String text(byte[] message) {
        int end = message.length > 1 && message[message.length - 1] == 0 ? message.length - 1 : message.length;
        return new String(message, 1, end - 1, StandardCharsets.UTF_8);
    }
}
