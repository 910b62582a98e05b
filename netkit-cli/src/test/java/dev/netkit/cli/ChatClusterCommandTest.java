package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.cli.ConnectCommandTest.Run;
import dev.netkit.redis.testing.RedisServer;
import dev.netkit.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netkit serve chat --cluster}: three netkit processes on one real redis-server are one
 * room, and one killed with SIGKILL is announced as gone by the others. Isolated: three JVMs
 * starting at once would slow the other classes' netkit processes past their waits.
 */
@Isolated
class ChatClusterCommandTest {

    /** Three JVMs starting at once on a loaded machine may each take tens of seconds. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        redis.close();
    }

    private NetkitProcess node(String heartbeat) throws Exception {
        NetkitProcess node = NetkitProcess.start("serve", "chat", "--host", "127.0.0.1", "--port", "0",
                "--cluster", redis.uri("it"), "--cluster-heartbeat", heartbeat);
        open.add(node);
        return node;
    }

    /** A user of {@code node} who took {@code nick}. */
    private User user(NetkitProcess node, String nick) throws Exception {
        node.awaitErr("listening on", WAIT);
        Connection c = Client.builder().timeout(Duration.ofSeconds(10)).connect(Endpoint.tcp("127.0.0.1", node.awaitPort()));
        open.add(c);
        User user = new User(c, new Inbox(c));
        user.await(line -> line.startsWith("* Commands:"));
        user.say("/nick " + nick);
        user.await(("* you are now " + nick)::equals);
        return user;
    }

    private record User(Connection connection, Inbox inbox) {
        void say(String line) throws Exception {
            connection.send(line + "\n");
        }

        String await(Predicate<String> wanted) throws Exception {
            String line;
            while (!wanted.test(line = inbox.next())) {
                // skip
            }
            return line;
        }
    }

    @Test
    @Timeout(300)
    void threeProcessesAreOneRoomAndAKilledOneIsAnnounced() throws Exception {
        NetkitProcess one = node("1s");
        NetkitProcess two = node("1s");
        NetkitProcess three = node("300ms");
        assertThat(one.awaitErr("chat room it in redis://127.0.0.1:" + redis.port() + "/it, this node", WAIT)).isNotNull();
        User alice = user(one, "alice");
        User bob = user(two, "bob");
        User carol = user(three, "carol");

        alice.say("hello, everyone");
        bob.await("alice: hello, everyone"::equals);
        carol.await("alice: hello, everyone"::equals);
        bob.say("/who");
        assertThat(bob.await(line -> line.contains(" here: "))).isEqualTo("* 3 here: alice, bob, carol");
        carol.say("/nick ALICE");
        assertThat(carol.await(line -> line.startsWith("!"))).isEqualTo("! the name alice is taken");

        three.process.destroyForcibly(); // kill -9: no goodbye to Redis
        assertThat(three.awaitExit(WAIT)).isNotZero();
        // gone from /who within 3 heartbeats of the killed node, announced at a survivor's next heartbeat
        alice.await("* carol left"::equals);
        bob.await("* carol left"::equals);
        alice.say("/who");
        assertThat(alice.await(line -> line.contains(" here: "))).isEqualTo("* 2 here: alice, bob");
    }

    @Test
    void aRedisThatIsNotThereFailsTheStartInOneLine() throws Exception {
        int port = redis.port();
        redis.stop();
        Run run = Run.of("", "serve", "chat", "--port", "0", "--cluster", "redis://127.0.0.1:" + port + "/x");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("cannot reach Redis at redis://127.0.0.1:" + port + "/x");
    }

    @Test
    void aHeartbeatWithoutAClusterIsAUsageError() throws Exception {
        Run run = Run.of("", "serve", "chat", "--cluster-heartbeat", "1s");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines().findFirst()).hasValue("netkit serve chat: --cluster-heartbeat needs --cluster");
    }

    @Test
    void aClusterThatIsNoRedisUriIsAUsageError() throws Exception {
        Run run = Run.of("", "serve", "chat", "--cluster", "http://localhost:6379");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines().findFirst()).hasValue("netkit serve chat: Invalid value for option '--cluster':"
                + " expected redis://HOST:PORT[/ROOM] or rediss://..., got http://localhost:6379");
    }
}
