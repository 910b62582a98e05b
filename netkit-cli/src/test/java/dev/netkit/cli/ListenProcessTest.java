package dev.netkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netkit listen} as a process, with nc and socat on the other end. */
class ListenProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void withoutKeepOpenTakesOneConnectionBothWaysWithHalfCloseThenExitsZero() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "127.0.0.1", "0")) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            int port = listen.awaitPort();
            assertThat(listen.awaitErr("listening on", WAIT)).contains("max 1 connection)");
            stdio.send("from the listener\n");
            stdio.closeInput(); // netkit sends it, half-closes, and keeps printing until nc closes
            // Without -N, nc closes once netkit's end has come: what netkit relays does not race
            // with the end of what nc sends.
            String got = ExternalTool.run("hello\nworld", WAIT, "nc", "-w", "10", "127.0.0.1", String.valueOf(port));
            assertThat(got).isEqualTo("from the listener\n");
            assertThat(listen.awaitExit(WAIT)).isZero();
            assertThat(stdio.output()).isEqualTo("hello\nworld");
        }
    }

    @Test
    void keepOpenTalksToNcTwiceInARowSharingItsInput() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "-k", "127.0.0.1", "0")) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            String port = String.valueOf(listen.awaitPort());
            stdio.send("for whoever comes\n");
            String first = ExternalTool.run("first\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port);
            assertThat(stdio.awaitOutput("first\n", WAIT)).isEqualTo("first\n");
            String second = ExternalTool.run("second\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port);
            assertThat(stdio.awaitOutput("second\n", WAIT)).isEqualTo("first\nsecond\n");
            // The line typed before anyone came went to one of them, once.
            assertThat(first + second).isEqualTo("for whoever comes\n");
            listen.terminate();
            assertThat(listen.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void execCatEchoesForSeveralConnectionsAtOnce() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "-k", "--exec", "cat", "127.0.0.1", "0");
             PeerProcess held = PeerProcess.start("nc", "-N", "127.0.0.1", String.valueOf(listen.awaitPort()))) {
            String port = String.valueOf(listen.awaitPort());
            held.send("still here\n");
            assertThat(held.awaitOutput("still here\n", WAIT)).isEqualTo("still here\n");
            // A second connection is served while the first one's cat still runs.
            assertThat(ExternalTool.run("ping\npong\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port))
                    .isEqualTo("ping\npong\n");
            held.closeInput();
            assertThat(held.awaitExit(WAIT)).isZero();
            assertThat(held.output()).isEqualTo("still here\n");
        }
    }

    @Test
    void shExecRunsAPipelinePerConnection() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "-k", "--sh-exec", "tr a-z A-Z | sed 's/^/got: /'",
                "127.0.0.1", "0")) {
            String port = String.valueOf(listen.awaitPort());
            assertThat(ExternalTool.run("hello\nworld\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port))
                    .isEqualTo("got: HELLO\ngot: WORLD\n");
            assertThat(ExternalTool.run("again\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port))
                    .isEqualTo("got: AGAIN\n");
        }
    }

    @Test
    void aProgramThatDoesNotExistIsOneLinePerConnectionAndTheListenerGoesOn() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "-k", "--exec", "netkit-no-such-program", "127.0.0.1", "0")) {
            String port = String.valueOf(listen.awaitPort());
            for (int i = 0; i < 2; i++) {
                assertThat(ExternalTool.run("anyone?\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port)).isEmpty();
            }
            assertThat(listen.awaitErr("#2 closed", WAIT))
                    .endsWith("(I/O error: cannot run 'netkit-no-such-program': No such file or directory)");
            assertThat(listen.process.isAlive()).isTrue();
        }
        // Without -k the one connection's failure is the command's: one line, exit 1.
        try (NetkitProcess once = NetkitProcess.start("listen", "--exec", "netkit-no-such-program", "127.0.0.1", "0")) {
            String port = String.valueOf(once.awaitPort());
            ExternalTool.run("anyone?\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", port);
            assertThat(once.awaitExit(WAIT)).isEqualTo(ExitCode.FAILURE);
            assertThat(once.awaitAllErr(WAIT)).last()
                    .isEqualTo("netkit: cannot run 'netkit-no-such-program': No such file or directory");
        }
    }

    @Test
    void brokerSendsEachNcsBytesToTheOtherTwo() throws Exception {
        try (NetkitProcess broker = NetkitProcess.start("listen", "--broker", "127.0.0.1", "0")) {
            String port = String.valueOf(broker.awaitPort());
            List<PeerProcess> peers = List.of(PeerProcess.start("nc", "127.0.0.1", port),
                    PeerProcess.start("nc", "127.0.0.1", port), PeerProcess.start("nc", "127.0.0.1", port));
            try {
                for (int i = 1; i <= 3; i++) {
                    broker.awaitErr("#" + i + " opened", WAIT);
                }
                // "opened" comes before a connection's handler joins the group, and a broadcast
                // before a member joins reaches no one: the last to connect says "ready" until the
                // other two have heard it, and then all three are members.
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!(peers.get(0).output().contains("ready\n") && peers.get(1).output().contains("ready\n"))) {
                    assertThat(deadline - System.nanoTime()).as("time left for the first two to hear the third").isPositive();
                    peers.get(2).send("ready\n");
                    Thread.sleep(100);
                }
                for (int i = 0; i < 3; i++) {
                    peers.get(i).send("from " + i + "\n");
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        if (i != j) {
                            peers.get(i).awaitOutput("from " + j + "\n", WAIT);
                        }
                    }
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(peers.get(i).output().replace("ready\n", "")).as("peer %d", i)
                            .isIn("from %d\nfrom %d\n".formatted((i + 1) % 3, (i + 2) % 3),
                                    "from %d\nfrom %d\n".formatted((i + 2) % 3, (i + 1) % 3));
                }
            } finally {
                peers.forEach(PeerProcess::close);
            }
        }
    }

    @Test
    void tlsIsSaidOnTheListeningLineAndSpokenToOpenssl() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "--tls", "127.0.0.1", "0")) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            int port = listen.awaitPort();
            assertThat(listen.awaitErr("listening on", WAIT)).contains("(TLS, transport");
            stdio.send("secret from the listener\n");
            stdio.closeInput();
            String got = ExternalTool.run("hello over TLS\n", WAIT, "openssl", "s_client", "-quiet", "-connect",
                    "127.0.0.1:" + port);
            assertThat(got).contains("secret from the listener\n");
            assertThat(stdio.awaitOutput("hello over TLS\n", WAIT)).isEqualTo("hello over TLS\n");
        }
    }

    @Test
    void aStopEndsTheProgramsStillRunning() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "-k", "--exec", "sleep 300", "127.0.0.1", "0");
             PeerProcess held = PeerProcess.start("nc", "127.0.0.1", String.valueOf(listen.awaitPort()))) {
            listen.awaitErr("#1 opened", WAIT);
            ProcessHandle sleep = awaitChild(listen.process.toHandle(), "sleep");
            listen.terminate();
            assertThat(listen.awaitExit(WAIT)).isZero();
            assertThat(sleep.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isAlive()).isFalse();
            held.closeInput(); // OpenBSD nc waits for the end of its input too
            assertThat(held.awaitExit(WAIT)).as("nc sees the connection end").isZero();
        }
    }

    @Test
    void listensOnAUnixSocketForSocat(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("listen.sock");
        try (NetkitProcess listen = NetkitProcess.start("listen", "--unix", socket.toString())) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            listen.awaitErr("listening on unix:", WAIT);
            stdio.send("over unix\n");
            stdio.closeInput();
            assertThat(ExternalTool.run("to the listener\n", WAIT, "socat", "-t", "5", "-", "UNIX-CONNECT:" + socket))
                    .isEqualTo("over unix\n");
            assertThat(listen.awaitExit(WAIT)).isZero();
            assertThat(stdio.output()).isEqualTo("to the listener\n");
        }
    }

    @Test
    void withoutKeepOpenAnIdleTimeoutIsOneLineAndExitCodeOne() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "--idle-timeout", "1s", "127.0.0.1", "0");
             PeerProcess quiet = PeerProcess.start("nc", "127.0.0.1", String.valueOf(listen.awaitPort()))) {
            assertThat(listen.awaitExit(WAIT)).isEqualTo(ExitCode.FAILURE);
            assertThat(listen.awaitAllErr(WAIT)).last().isEqualTo("netkit: no data for 1s, closing");
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle parent, String command) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = parent.children()
                    .filter(c -> c.info().command().orElse("").endsWith("/" + command)).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + command + " started by netkit within " + WAIT);
    }
}
