package dev.netkit.examples;

import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.DelimiterReader;
import dev.netkit.framing.FrameTooLongException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server for STOMP frames, read with {@link DelimiterReader}: a command line, header lines, a
 * blank line and a body, ended by a NUL byte ({@code ^@} below). Each client is subscribed to
 * what it sends itself:
 *
 * <pre>
 * CONNECT                      -> CONNECTED
 * accept-version:1.2              version:1.2
 *
 * ^@                              ^@
 * SEND                         -> MESSAGE
 * destination:/queue/a            destination:/queue/a
 * receipt:77                      message-id:1
 *
 * hello^@                         hello^@
 *                                 (then RECEIPT with receipt-id:77, as a receipt was asked for)
 * DISCONNECT                   -> RECEIPT (if asked for), then the server closes
 * anything else                -> ERROR, then the server closes
 * </pre>
 *
 * <pre>
 * java -cp ... dev.netkit.examples.DelimitedProtocol [PORT | HOST:PORT | unix:PATH]   (default 61613)
 * printf 'CONNECT\naccept-version:1.2\n\n\0SEND\ndestination:/a\n\nhi\0' | nc localhost 61613
 * </pre>
 *
 * Line breaks between frames (STOMP's heart-beats) are skipped. A frame over 64 KiB gets an ERROR
 * and the connection closes, before more than 64 KiB of it is read. A body holding NUL bytes
 * would need STOMP's content-length header, which this example does not read.
 */
public final class DelimitedProtocol {

    static final int MAX_FRAME = 64 * 1024;
    private static final byte[] NUL = {0};

    private DelimitedProtocol() {
    }

    /** Runs the server on the endpoint given, or on port 61613. */
    public static void main(String... args) throws IOException {
        Server server = start(args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp(61613));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("STOMP server listening on " + server.endpoint());
    }

    /** Starts the server on {@code endpoint}. */
    public static Server start(Endpoint endpoint) throws IOException {
        return Server.builder().listen(endpoint).handler(DelimitedProtocol::serve).start();
    }

    private static void serve(Connection conn) throws IOException {
        DelimiterReader frames = DelimiterReader.stripping(conn.input(), MAX_FRAME, NUL);
        int messages = 0;
        while (true) {
            byte[] frame;
            try {
                frame = frames.read();
            } catch (FrameTooLongException e) {
                send(conn, "ERROR", "", "message:frame too long");
                return;
            }
            if (frame == null) {
                return;
            }
            String[] headAndBody = new String(frame, StandardCharsets.UTF_8)
                    .replaceFirst("^[\r\n]+", "").split("\r?\n\r?\n", 2);
            String[] lines = headAndBody[0].split("\r?\n");
            String body = headAndBody.length > 1 ? headAndBody[1] : "";
            String receipt = header(lines, "receipt");
            switch (lines[0]) {
                case "CONNECT", "STOMP" -> send(conn, "CONNECTED", "", "version:1.2");
                case "SEND" -> send(conn, "MESSAGE", body,
                        "destination:" + header(lines, "destination"), "message-id:" + ++messages);
                case "DISCONNECT" -> { }
                default -> {
                    send(conn, "ERROR", "", "message:unknown command " + lines[0]);
                    return;
                }
            }
            if (receipt != null) {
                send(conn, "RECEIPT", "", "receipt-id:" + receipt);
            }
            if (lines[0].equals("DISCONNECT")) {
                return;
            }
        }
    }

    /** The value of the first header called {@code name}, or null. */
    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith(name + ":")) {
                return lines[i].substring(name.length() + 1);
            }
        }
        return null;
    }

    private static void send(Connection conn, String command, String body, String... headers) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        for (String header : headers) {
            frame.append(header).append('\n');
        }
        conn.send(frame.append('\n').append(body).append('\0').toString());
    }
}
