package dev.netkit.examples;

import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.framing.FrameTooLongException;
import dev.netkit.framing.LineReader;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Node.js tour's "Line-Based Protocol" pattern, made into a tiny key/value server that every
 * client shares. One command per line (LF or CRLF), one reply line each:
 *
 * <pre>
 * SET key value   -> OK                  (the value is the rest of the line)
 * GET key         -> VALUE value | NOT_FOUND
 * DEL key         -> DELETED | NOT_FOUND
 * QUIT            -> BYE, then the server closes
 * anything else   -> ERROR unknown command (also a known one with the wrong arguments)
 * </pre>
 *
 * <pre>
 * java -cp ... dev.netkit.examples.LineProtocol [PORT | HOST:PORT | unix:PATH]   (default 6789)
 * </pre>
 *
 * Input is bounded both ways a peer could exhaust memory: a line over {@link #MAX_LINE} bytes gets
 * {@code ERROR line too long} and is skipped (the reader discards its rest), and the store holds at
 * most {@link #MAX_KEYS} keys.
 */
public final class LineProtocol {

    static final int MAX_LINE = 1024;
    static final int MAX_KEYS = 10_000;

    private LineProtocol() {
    }

    public static void main(String... args) throws IOException {
        Server server = start(args.length > 0 ? Endpoint.parse(args[0]) : Endpoint.tcp(6789));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Key/value server listening on " + server.endpoint());
    }

    public static Server start(Endpoint endpoint) throws IOException {
        Map<String, String> store = new ConcurrentHashMap<>();
        return Server.builder().listen(endpoint).handler(conn -> serve(conn, store)).start();
    }

    private static void serve(Connection conn, Map<String, String> store) throws IOException {
        LineReader lines = LineReader.lenient(conn.input(), MAX_LINE);
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (FrameTooLongException e) {
                conn.send("ERROR line too long\n");
                continue;
            }
            if (line == null) {
                return;
            }
            String[] words = line.strip().split(" +", 3);
            if (words[0].equalsIgnoreCase("QUIT")) {
                conn.send("BYE\n");
                return;
            }
            conn.send(reply(words, store) + "\n");
        }
    }

    private static String reply(String[] words, Map<String, String> store) {
        String command = words[0].toUpperCase(Locale.ROOT);
        if (command.equals("SET") && words.length == 3) {
            // Checked, then put: concurrent clients may overshoot by a few keys, never without bound.
            if (store.size() >= MAX_KEYS && !store.containsKey(words[1])) {
                return "ERROR store full";
            }
            store.put(words[1], words[2]);
            return "OK";
        }
        if (command.equals("GET") && words.length == 2) {
            String value = store.get(words[1]);
            return value == null ? "NOT_FOUND" : "VALUE " + value;
        }
        if (command.equals("DEL") && words.length == 2) {
            return store.remove(words[1]) == null ? "NOT_FOUND" : "DELETED";
        }
        return "ERROR unknown command";
    }
}
