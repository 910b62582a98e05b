package dev.netkit;

import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.SlowConsumerPolicy;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events are written by a real recording and read back from its file, as JDK Mission Control
 * would. A recording sees the whole JVM's events, so each test names its server and looks at its own.
 */
class FlightRecorderEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void connectionsOpenedClosedAndTimedOutAreRecordedWithAddressesBytesAndDuration(@TempDir Path dir) throws Exception {
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("dev.netkit.ConnectionOpened");
            recording.enable("dev.netkit.ConnectionClosed");
            recording.enable("dev.netkit.IdleTimeout");
            recording.start();
            try (Server server = Server.builder().name("jfr-echo").listen(Endpoint.tcp("127.0.0.1", 0))
                    .idleTimeout(Duration.ofMillis(200))
                    .handler(c -> {
                        for (String line : c.lines()) {
                            c.send(line + "\n");
                        }
                    }).start();
                 Connection c = Client.connect(server.endpoint())) {
                Inbox inbox = new Inbox(c);
                c.send("ping\n");
                assertThat(inbox.next()).isEqualTo("ping");
                inbox.awaitEnd(); // closed by the idle timeout
                Eventually.await("the close", WAIT, () -> server.stats().open() == 0);
            }
            recording.stop();
            Path file = dir.resolve("netkit.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        RecordedEvent opened = only(events, "dev.netkit.ConnectionOpened", "server", "jfr-echo");
        assertThat(opened.getString("server")).isEqualTo("jfr-echo");
        assertThat(opened.getString("remoteAddress")).startsWith("127.0.0.1:");
        RecordedEvent closed = only(events, "dev.netkit.ConnectionClosed", "server", "jfr-echo");
        assertThat(closed.getLong("connectionId")).isEqualTo(opened.getLong("connectionId"));
        assertThat(closed.getLong("bytesIn")).isEqualTo(5);
        assertThat(closed.getLong("bytesOut")).isEqualTo(5);
        assertThat(closed.getDuration("openFor")).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(closed.getString("reason")).isEqualTo("idle timeout");
        RecordedEvent idle = only(events, "dev.netkit.IdleTimeout", "server", "jfr-echo");
        assertThat(idle.getDuration("idleTimeout")).isEqualTo(Duration.ofMillis(200));
        assertThat(idle.getString("remoteAddress")).isEqualTo(opened.getString("remoteAddress"));
    }

    @Test
    void aSlowConsumerDisconnectedByItsGroupIsRecorded(@TempDir Path dir) throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().name("slow-room").policy(SlowConsumerPolicy.DISCONNECT)
                .maxQueuedMessages(4).slowConsumerTimeout(Duration.ofMillis(100)).build();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("dev.netkit.SlowConsumerDropped");
            recording.start();
            try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                    .handler(c -> {
                        group.join(c);
                        c.input().read();
                    }).start();
                 Socket reader = new Socket()) {
                reader.setReceiveBufferSize(4096);
                reader.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                Eventually.await("the member to join", WAIT, () -> group.members() == 1);
                byte[] big = new byte[64 * 1024];
                // The peer never reads: the kernel's buffers fill, then the queue, then it is cut.
                for (int i = 0; i < 1000 && group.stats().disconnectedSlow() == 0; i++) {
                    group.broadcast(big);
                }
                assertThat(group.stats().disconnectedSlow()).isEqualTo(1);
            }
            recording.stop();
            Path file = dir.resolve("slow.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        RecordedEvent slow = only(events, "dev.netkit.SlowConsumerDropped", "group", "slow-room");
        assertThat(slow.getString("group")).isEqualTo("slow-room");
        assertThat(slow.getString("policy")).isEqualTo("DISCONNECT");
        assertThat(slow.getString("remoteAddress")).startsWith("127.0.0.1:");
    }

    /** The one event {@code name} of this test's server or group: other tests' servers run meanwhile. */
    private static RecordedEvent only(List<RecordedEvent> events, String name, String field, String value) {
        List<RecordedEvent> found = events.stream()
                .filter(e -> e.getEventType().getName().equals(name) && value.equals(e.getString(field))).toList();
        assertThat(found).as(name + " events").hasSize(1);
        return found.getFirst();
    }
}
