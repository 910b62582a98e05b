package dev.netkit.epoll;

import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import dev.netkit.framing.LineReader;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.GroupStats;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import dev.netkit.testing.Opened;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group member's writer runs only while its queue holds something: an idle member holds no
 * thread (on epoll, not even one waiting for its first line), and the hand-offs between a writer
 * that ends and a message that starts the next lose nothing, on both transports.
 */
class GroupDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(Inbox.WAIT_SECONDS);
    /** A frame of a member's writer thread, as a JSON thread dump shows it. */
    private static final String WRITER = "dev.netkit.group.Member.run(";

    private final Opened open = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    /** A server whose connections join {@code group} and then wait for lines without a thread (epoll). */
    private Server members(TransportType transport, ConnectionGroup group, String greeting) throws IOException {
        Server server = Server.builder().name(group.name()).listen(Endpoint.tcp("127.0.0.1", 0)).transport(transport)
                .handler(c -> {
                    group.join(c, greeting);
                    LineReader.lenient(c.input(), 1024).resumeOnLines(c, (conn, line) -> {
                        group.broadcast(line + "\n", conn);
                        return true;
                    });
                })
                .start();
        open.add(server);
        return server;
    }

    @Test
    void aSilentMemberHoldsNoThreadFromItsFirstMomentOnEpoll() throws Exception {
        ConnectionGroup group = open.add(ConnectionGroup.builder().name("quiet").build());
        Server server = members(TransportType.EPOLL, group, "hi\n");
        List<Inbox> inboxes = new ArrayList<>();
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Connection c = open.connect(server);
            clients.add(c);
            inboxes.add(new Inbox(c));
        }
        for (Inbox inbox : inboxes) {
            assertThat(inbox.next()).isEqualTo("hi");
        }
        clients.getFirst().send("hello all\n");
        for (Inbox inbox : inboxes.subList(1, inboxes.size())) {
            assertThat(inbox.next()).isEqualTo("hello all");
        }
        // Nineteen members never sent a byte, one sent a line; all have received their messages.
        Eventually.await("no writer and no connection threads", WAIT,
                () -> threads(WRITER) == 0 && threads("\"name\": \"quiet-conn\"") == 0);
        assertThat(group.members()).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(value = TransportType.class, names = {"NIO", "EPOLL"})
    void manyBroadcastersIntoOneMemberLoseNothingAndKeepEachSendersOrder(TransportType transport) throws Exception {
        ConnectionGroup group = open.add(ConnectionGroup.builder().name("many").slowConsumerTimeout(WAIT).build());
        Server server = members(transport, group, "hi\n");
        Inbox inbox = new Inbox(open.connect(server));
        assertThat(inbox.next()).isEqualTo("hi");
        int senders = 8;
        int each = 2000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < each; i++) {
                    group.broadcast(sender + " " + i + "\n");
                    if (i % 97 == 0) {
                        Thread.yield(); // lets the writer find its queue empty now and then
                    }
                }
            }));
        }
        go.countDown();
        int[] next = new int[senders];
        for (int n = 0; n < senders * each; n++) {
            String line = inbox.next();
            assertThat(line).as("message %d", n).isNotNull();
            String[] parts = line.split(" ");
            int sender = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("sender %d's order", sender).isEqualTo(next[sender]++);
        }
        for (Thread t : threads) {
            assertThat(t.join(WAIT)).isTrue();
        }
        assertThat(next).containsOnly(each);
        Eventually.await("the writer ended", WAIT, () -> threads(WRITER) == 0);
        GroupStats stats = group.stats();
        assertThat(stats.delivered()).isEqualTo(senders * each + 1L);
        assertThat(stats.queued()).isZero();
        assertThat(stats.dropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TransportType.class, names = {"NIO", "EPOLL"})
    void aMemberSlowThenFastGetsEverythingInOrderAndItsWriterEnds(TransportType transport) throws Exception {
        ConnectionGroup group = open.add(ConnectionGroup.builder().name("slow").slowConsumerTimeout(WAIT).build());
        Server server = members(transport, group, "hi\n");
        Connection member = open.connect(server);
        Eventually.await("a member", WAIT, () -> group.members() == 1);
        byte[] pad = new byte[1000];
        Arrays.fill(pad, (byte) 'x');
        String padding = new String(pad, StandardCharsets.US_ASCII);
        int count = 4000; // about 4 MB: far more than the sockets hold, so the writer blocks a while
        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < count; i++) {
                group.broadcast(i + " " + padding + "\n");
            }
        });
        // Slow: reads nothing until the writer has blocked on the full socket and the queue filled.
        Eventually.await("a full queue", WAIT, () -> group.stats().peakQueue() >= 100);
        LineReader lines = LineReader.strict(member.input(), 2048);
        assertThat(lines.readLine()).isEqualTo("hi");
        for (int i = 0; i < count; i++) {
            assertThat(lines.readLine()).isEqualTo(i + " " + padding);
        }
        assertThat(sender.join(WAIT)).isTrue();
        Eventually.await("the writer ended", WAIT, () -> threads(WRITER) == 0);
        // Fast again: a message after the writer ended starts the next one.
        group.broadcast("again\n");
        assertThat(lines.readLine()).isEqualTo("again");
        assertThat(group.stats().disconnectedSlow()).isZero();
        assertThat(group.members()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = TransportType.class, names = {"NIO", "EPOLL"})
    void aMemberThatLeavesOrClosesWhileItsWriterIsBlockedEndsIt(TransportType transport) throws Exception {
        ConnectionGroup group = open.add(ConnectionGroup.builder().name("gone").slowConsumerTimeout(WAIT).build());
        List<Connection> served = new CopyOnWriteArrayList<>();
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(transport)
                .handler(c -> {
                    served.add(c);
                    group.join(c);
                    LineReader.lenient(c.input(), 1024).resumeOnLines(c, (conn, line) -> true);
                })
                .start();
        open.add(server);
        Connection leaving = open.connect(server);
        Connection aborted = open.connect(server);
        Eventually.await("two members", WAIT, () -> group.members() == 2);
        byte[] big = new byte[64 * 1024];
        Arrays.fill(big, (byte) 'y');
        // Neither reads: both writers block on full sockets, with more queued behind them (a queue
        // that grows while its writer waits for a turn is not enough: the sockets must stop taking).
        Eventually.await("both writers blocked with a queue", WAIT, () -> {
            group.broadcast(big);
            long written = served.stream().mapToLong(Connection::bytesWritten).sum();
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            return served.stream().mapToLong(Connection::bytesWritten).sum() == written
                    && group.slowestMembers(2).stream().filter(b -> b.queuedMessages() >= 1).count() == 2;
        });
        assertThat(threads(WRITER)).isEqualTo(2);

        Connection first = served.stream().filter(c -> c.remoteAddress().equals(leaving.localAddress()))
                .findFirst().orElseThrow();
        assertThat(group.leave(first)).isTrue();
        Connection second = served.stream().filter(c -> c.remoteAddress().equals(aborted.localAddress()))
                .findFirst().orElseThrow();
        second.abort(); // closed under its blocked writer: the write fails, the member goes
        Eventually.await("the aborted member gone", WAIT, () -> !group.contains(second));
        assertThat(group.broadcast("nobody\n")).isZero();
        leaving.close(); // the peer goes: the leaver's blocked write fails and its writer ends too
        Eventually.await("both writers ended", WAIT, () -> threads(WRITER) == 0);
        GroupStats stats = group.stats();
        assertThat(stats.members()).isZero();
        assertThat(stats.queued()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads of this process, virtual ones included, whose JSON thread dump entry contains {@code text}. */
    private static long threads(String text) {
        try {
            Path dump = Files.createTempFile("threads", ".json");
            try {
                Files.delete(dump); // the dump refuses to overwrite
                dumpThreads(dump);
                return Arrays.stream(Files.readString(dump).split("\"tid\"")).filter(t -> t.contains(text)).count();
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * HotSpotDiagnosticMXBean.dumpThreads(file, JSON), the one dump that lists virtual threads.
     * Through reflection: this module's tests are compiled as part of it, and it reads neither
     * java.management nor jdk.management.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void dumpThreads(Path file) {
        try {
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object diagnostics = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
            bean.getMethod("dumpThreads", String.class, format)
                    .invoke(diagnostics, file.toString(), Enum.valueOf(format, "JSON"));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot dump threads", e);
        }
    }
}
