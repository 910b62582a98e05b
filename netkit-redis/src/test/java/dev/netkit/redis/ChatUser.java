package dev.netkit.redis;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.testing.Inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An nc-like chat user: sends lines, and reads what the room sends, every wait bounded. */
final class ChatUser implements AutoCloseable {

    final String name;
    private final Connection connection;
    private final Inbox inbox;

    private ChatUser(Connection connection, String name) {
        this.connection = connection;
        this.inbox = new Inbox(connection);
        this.name = name;
    }

    /** Connects, reads the welcome, and takes {@code nick}. */
    static ChatUser join(Endpoint node, String nick) throws IOException, InterruptedException {
        Connection c = Client.builder().timeout(Duration.ofSeconds(10)).connect(node);
        ChatUser user = new ChatUser(c, nick);
        user.awaitLine(line -> line.startsWith("* Commands:"));
        user.say("/nick " + nick);
        user.awaitLine(("* you are now " + nick)::equals);
        return user;
    }

    void say(String line) throws IOException {
        connection.send(line + "\n");
    }

    /** The next line. */
    String next() throws InterruptedException {
        return inbox.next();
    }

    /** Skips lines until one matches; returns the ones skipped. */
    List<String> awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        String line;
        while (!wanted.test(line = inbox.next())) {
            skipped.add(line);
        }
        return skipped;
    }

    /**
     * Takes the lines that have arrived (waiting a little for the first), adding them to
     * {@code seen}; returns the first that starts with {@code prefix}, or null.
     */
    String hasLineStarting(String prefix, List<String> seen) throws InterruptedException {
        String found = null;
        String line;
        while ((line = inbox.poll(Duration.ofMillis(100))) != null) {
            seen.add(line);
            if (found == null && line.startsWith(prefix)) {
                found = line;
            }
        }
        return found;
    }

    /** Asks {@code /who} and returns its answer. */
    String who() throws IOException, InterruptedException {
        say("/who");
        String[] answer = new String[1];
        awaitLine(line -> {
            answer[0] = line;
            return line.matches("\\* \\d+ here: .*");
        });
        return answer[0];
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
