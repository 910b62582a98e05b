package dev.netkit.services;

import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.GroupStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatServiceTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    private ChatService chat;
    private Server server;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private void start(ChatService service) throws IOException {
        start(service, Endpoint.tcp("127.0.0.1", 0));
    }

    private void start(ChatService service, Endpoint endpoint) throws IOException {
        chat = service;
        server = Server.builder().listen(endpoint).handler(service).start();
        open.add(server);
    }

    /** One user: a client connection, what it receives, and its name. */
    private record User(Connection conn, Inbox inbox, String name) {
        String next() throws InterruptedException {
            return inbox.next();
        }

        void say(String line) throws IOException {
            conn.send(line + "\n");
        }
    }

    /** Connects a user, reads its welcome, and checks that everyone {@code present} saw it join. */
    private User join(User... present) throws Exception {
        User user = arrive(present.length);
        for (User u : present) {
            assertThat(u.next()).isEqualTo("* " + user.name() + " joined");
        }
        return user;
    }

    /** Connects a user and reads its welcome, which counts {@code others}. */
    private User arrive(int others) throws Exception {
        Connection conn = Client.builder().timeout(Duration.ofSeconds(10)).connect(server.endpoint());
        open.add(conn);
        Inbox inbox = new Inbox(conn);
        String welcome = inbox.next();
        assertThat(welcome).startsWith("* Welcome to netkit chat, guest-")
                .endsWith(others + (others == 1 ? " other here." : " others here."));
        assertThat(inbox.next()).isEqualTo("* Commands: /nick NAME, /who, /me ACTION, /quit");
        return new User(conn, inbox, welcome.substring(welcome.indexOf(", ") + 2, welcome.indexOf('!')));
    }

    @Test
    void eachLineReachesExactlyTheOtherTwoInOrderPerSender() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        User c = join(a, b);
        assertThat(List.of(a.name(), b.name(), c.name())).containsExactly("guest-1", "guest-2", "guest-3");
        List<User> users = List.of(a, b, c);
        for (int i = 0; i < 60; i++) {
            users.get(i % 3).say("line " + i);
        }
        for (int me = 0; me < 3; me++) {
            List<String> got = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                got.add(users.get(me).next());
            }
            for (int sender = 0; sender < 3; sender++) {
                String prefix = users.get(sender).name() + ": ";
                List<String> expected = new ArrayList<>();
                for (int i = sender; i < 60 && sender != me; i += 3) {
                    expected.add(prefix + "line " + i);
                }
                assertThat(got.stream().filter(l -> l.startsWith(prefix)).toList())
                        .as("%s hears %s", users.get(me).name(), users.get(sender).name()).isEqualTo(expected);
            }
        }
        assertThat(chat.users()).containsExactly("guest-1", "guest-2", "guest-3");
    }

    @Test
    void aRoomWithoutJoinNoticesTellsNoOneOfArrivalsOrDeparturesButStillCountsThem() throws Exception {
        start(ChatService.builder().joinNotices(false).build());
        User a = join();
        User b = arrive(1);
        b.say("/quit");
        assertThat(b.next()).isEqualTo("* bye");
        Eventually.await("b gone from the room", Duration.ofSeconds(10), () -> chat.users().size() == 1);
        // c arrives after b's departure is done (arrivals and departures take turns), and speaks:
        // a "joined" or "left" for b or c would reach a before c's line.
        User c = arrive(1);
        c.say("hello");
        assertThat(a.next()).isEqualTo(c.name() + ": hello");
    }

    @Test
    void aUserWhoAsksAndHangsUpStillGetsTheAnswerEveryTime() throws Exception {
        start(new ChatService());
        for (int run = 0; run < 50; run++) {
            // printf '/who\n' | nc -N HOST PORT: the question, then the end of input, at once
            Process nc = new ProcessBuilder("nc", "-N", "127.0.0.1", String.valueOf(server.port()))
                    .redirectErrorStream(true).start();
            try (var in = nc.getOutputStream()) {
                in.write("/who\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            String all = new String(nc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(nc.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(all).as("run %d", run).startsWith("* Welcome to netkit chat, ")
                    .contains("\n* 1 here: guest-");
        }
    }

    @Test
    void quitDeliversWhatWasQueuedThenSaysBye() throws Exception {
        start(new ChatService());
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("/who\n/quit\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(all).contains("\n* 1 here: guest-").endsWith("\n* bye\n");
        }
    }

    @Test
    void aFloodingUserIsSlowedToTheReadersPaceAndNoReaderIsCut() throws Exception {
        start(new ChatService(ConnectionGroup.builder().name("chat").maxQueuedMessages(64).build()));
        User a = join();
        User b = join(a);
        User c = join(a, b);
        User flooder = join(a, b, c);
        int lines = 20_000;
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            flood.append("flood ").append(i).append('\n');
        }
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                flooder.conn().send(flood.toString()); // one write, as fast as the socket takes it
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (User reader : List.of(a, b, c)) {
            for (int i = 0; i < lines; i++) {
                assertThat(reader.next()).isEqualTo(flooder.name() + ": flood " + i);
            }
        }
        assertThat(sender.join(Duration.ofSeconds(30))).isTrue();
        assertThat(chat.group().stats().disconnectedSlow()).isZero();
        assertThat(chat.users()).hasSize(4);
    }

    @Test
    void aFloodWatchedByThreeNcObserversCutsNoObserver(@TempDir Path dir) throws Exception {
        start(new ChatService());
        int lines = 50_000;
        List<Process> observers = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("observer-" + i);
                outputs.add(out);
                // nc -d: reads the room and writes it to a file, never reads its standard input
                observers.add(new ProcessBuilder("nc", "-d", "127.0.0.1", String.valueOf(server.port()))
                        .redirectOutput(out.toFile()).redirectErrorStream(false).start());
            }
            dev.netkit.testing.Eventually.await("three observers", Duration.ofSeconds(10), () -> chat.users().size() == 3);
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                flood.append("flood ").append(i).append('\n');
            }
            try (Connection flooder = Client.connect(server.endpoint())) {
                flooder.send(flood.toString());
                flooder.shutdownOutput();
                new Inbox(flooder).awaitEnd(); // the server is done with the flooder
            }
            String last = "flood " + (lines - 1) + "\n";
            dev.netkit.testing.Eventually.await("every line at every observer", Duration.ofSeconds(30),
                    () -> outputs.stream().allMatch(out -> hasLine(out, last)));
            for (Path out : outputs) {
                long floodLines;
                try (var all = java.nio.file.Files.lines(out)) {
                    floodLines = all.filter(l -> l.startsWith("guest-4: flood ")).count();
                }
                assertThat(floodLines).as(out.getFileName().toString()).isEqualTo(lines);
            }
            assertThat(chat.group().stats().disconnectedSlow()).isZero();
        } finally {
            observers.forEach(Process::destroy);
        }
    }

    private static boolean hasLine(Path file, String line) {
        try {
            return java.nio.file.Files.readString(file).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aUserFloodingItsOwnRepliesIsSlowedNotCut() throws Exception {
        start(new ChatService(ConnectionGroup.builder().name("chat").maxQueuedMessages(64).build()));
        User a = join();
        int asks = 10_000;
        a.conn().send("/who\n".repeat(asks)); // its reader (the inbox) keeps reading meanwhile
        for (int i = 0; i < asks; i++) {
            assertThat(a.next()).isEqualTo("* 1 here: " + a.name());
        }
        assertThat(chat.group().stats().disconnectedSlow()).isZero();
    }

    @Test
    void itWorksOverAUnixSocketToo(@TempDir Path dir) throws Exception {
        start(new ChatService(), Endpoint.unix(dir.resolve("chat.sock")));
        User a = join();
        User b = join(a);
        a.say("over a unix socket");
        assertThat(b.next()).isEqualTo("guest-1: over a unix socket");
    }

    @Test
    void nicknamesAreCheckedAndUniqueRegardlessOfCase() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        a.say("/nick Alice");
        assertThat(a.next()).isEqualTo("* you are now Alice");
        assertThat(b.next()).isEqualTo("* guest-1 is now Alice");
        b.say("/nick alice");
        assertThat(b.next()).isEqualTo("! the name Alice is taken");
        b.say("/nick bad name");
        assertThat(b.next()).startsWith("! a name may hold only letters");
        b.say("/nick " + "x".repeat(21));
        assertThat(b.next()).isEqualTo("! a name has 1 to 20 characters; \"" + "x".repeat(21) + "\" has 21");
        b.say("/nick");
        assertThat(b.next()).isEqualTo("! usage: /nick NAME");
        b.say("/NICK bob_-9");
        assertThat(b.next()).isEqualTo("* you are now bob_-9");
        assertThat(a.next()).isEqualTo("* guest-2 is now bob_-9");
        a.say("/nick alice");
        assertThat(a.next()).isEqualTo("* you are now alice");
        assertThat(b.next()).isEqualTo("* Alice is now alice");
        b.say("hi alice");
        assertThat(a.next()).isEqualTo("bob_-9: hi alice");
        a.say("/who");
        assertThat(a.next()).isEqualTo("* 2 here: alice, bob_-9");
        a.say("/me waves");
        assertThat(b.next()).isEqualTo("* alice waves");
        a.say("/dance");
        assertThat(a.next()).startsWith("! unknown command /dance; commands: /nick NAME, /who");
        a.say("//dance is not a command");
        assertThat(b.next()).isEqualTo("alice: /dance is not a command");
    }

    @Test
    void theWelcomeComesFirstEvenForACommandSentAtOnce() throws Exception {
        start(new ChatService());
        Connection conn = Client.builder().timeout(Duration.ofSeconds(10)).connect(server.endpoint());
        open.add(conn);
        conn.send("/who\n/nick zed\n/who\n");
        Inbox inbox = new Inbox(conn);
        assertThat(inbox.next()).isEqualTo("* Welcome to netkit chat, guest-1! 0 others here.");
        assertThat(inbox.next()).startsWith("* Commands: ");
        assertThat(inbox.next()).isEqualTo("* 1 here: guest-1");
        assertThat(inbox.next()).isEqualTo("* you are now zed");
        assertThat(inbox.next()).isEqualTo("* 1 here: zed");
    }

    @Test
    void quitSaysByeClosesAndTellsTheOthers() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        a.say("/quit");
        assertThat(a.next()).isEqualTo("* bye");
        a.inbox().awaitEnd();
        assertThat(b.next()).isEqualTo("* guest-1 left");
        User c = join(b);
        b.say("/who");
        assertThat(b.next()).isEqualTo("* 2 here: guest-2, " + c.name());
    }

    @Test
    void controlCharactersAndEscapesNeverReachTheOthers() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        a.say("\u001B[2J\u001B]0;owned\u0007hi \u001B[31mred\u001B[0m\u0007 \rtab\there\u007F\u0085\u202Eok");
        assertThat(b.next()).isEqualTo("guest-1: hi red tab\thereok");
        a.conn().send("crlf works\r\n");
        assertThat(b.next()).isEqualTo("guest-1: crlf works");
    }

    @Test
    void anOverlongLineGetsAnErrorAndTheUserStays() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        a.say("y".repeat(5000));
        assertThat(a.next()).isEqualTo("! line too long (more than 1024 bytes), not sent");
        a.say("z".repeat(1024));
        assertThat(b.next()).isEqualTo("guest-1: " + "z".repeat(1024));
        a.say("short");
        assertThat(b.next()).isEqualTo("guest-1: short");
    }

    @Test
    void aUserWhoNeverReadsIsDisconnectedWhileTheOthersChatOn() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().name("chat").maxQueuedMessages(64).build();
        start(new ChatService(group));
        User sender = join();
        User reader = join(sender);
        Connection slow = Client.builder().timeout(Duration.ofSeconds(10)).connect(server.endpoint());
        open.add(slow);
        assertThat(sender.next()).isEqualTo("* guest-3 joined");
        assertThat(reader.next()).isEqualTo("* guest-3 joined");
        String pad = "w".repeat(900);
        List<String> notices = new ArrayList<>();
        int sent = 0;
        // bursts of lines sent flat out, each read by the reader before the next one
        // ... until the silent user is cut off, then 10 bursts more: the others chat on
        for (int after = 0; after < 10; after += group.stats().disconnectedSlow() == 0 ? 0 : 1) {
            assertThat(sent).as("lines sent before the silent user was cut off").isLessThan(50_000);
            for (int i = sent; i < sent + 32; i++) {
                sender.say(i + " " + pad);
            }
            for (int i = sent; i < sent + 32; i++) {
                String line = reader.next();
                while (line.startsWith("* ")) {
                    notices.add(line);
                    line = reader.next();
                }
                assertThat(line).isEqualTo("guest-1: " + i + " " + pad);
            }
            sent += 32;
        }
        if (notices.isEmpty()) {
            notices.add(reader.next());
        }
        assertThat(notices).containsExactly("* guest-3 left");
        assertThat(sender.next()).isEqualTo("* guest-3 left");
        GroupStats stats = group.stats();
        assertThat(stats.disconnectedSlow()).isEqualTo(1);
        assertThat(stats.members()).isEqualTo(2);
        assertThat(stats.peakQueue()).isLessThanOrEqualTo(64);
        assertThat(stats.dropped()).isZero();
        new Inbox(slow).awaitEnd();
    }

    @Test
    void aUserResetMidConversationLeavesAndNobodyElseNotices() throws Exception {
        start(new ChatService());
        User a = join();
        User b = join(a);
        User c = join(a, b);
        Thread talker = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 500; i++) {
                    a.say("n " + i);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(c.next()).isEqualTo("guest-1: n 0");
        c.conn().abort();
        assertThat(talker.join(Duration.ofSeconds(Inbox.WAIT_SECONDS))).isTrue();
        List<String> heard = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            heard.add(b.next());
        }
        assertThat(heard).contains("* guest-3 left");
        heard.remove("* guest-3 left");
        for (int i = 0; i < 500; i++) {
            assertThat(heard.get(i)).isEqualTo("guest-1: n " + i);
        }
        assertThat(a.next()).isEqualTo("* guest-3 left");
        assertThat(chat.users()).containsExactly("guest-1", "guest-2");
    }
}
