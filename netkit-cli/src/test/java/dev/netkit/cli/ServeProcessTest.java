package dev.netkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netkit serve} as a process, driven by the real tools people use against it. */
class ServeProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void knockKnockAnswersNcAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        Path jokes = Files.writeString(dir.resolve("jokes.txt"), "A little old lady|Wow, I didn't know you could yodel!\n");
        try (NetkitProcess server = NetkitProcess.start("serve", "knock-knock", "--host", "127.0.0.1", "--port", "0",
                "--jokes", jokes.toString())) {
            int port = server.awaitPort();
            String transcript = ExternalTool.run("Who's there?\nA little old lady who?\n", WAIT,
                    "nc", "-N", "-w", "10", "127.0.0.1", String.valueOf(port));
            assertThat(transcript).isEqualTo(
                    "Knock knock!\r\n>> A little old lady\r\n>> Wow, I didn't know you could yodel!\r\n");
            assertThat(server.awaitErr("closed 127.0.0.1:", WAIT)).contains("B in", "B out");
            server.terminate();
            assertThat(server.awaitExit(WAIT)).isZero();
            assertThat(server.awaitErr("stopped", WAIT)).contains("gracefully");
        }
    }

    @Test
    void echoAnswersNcByteForByteAndRawEchoAnswersSocat() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0");
             NetkitProcess raw = NetkitProcess.start("serve", "echo", "--raw", "--host", "127.0.0.1", "--port", "0")) {
            int port = echo.awaitPort();
            assertThat(ExternalTool.run("hello\nworld", WAIT, "nc", "-N", "-w", "10", "127.0.0.1", String.valueOf(port)))
                    .isEqualTo("Welcome to echo server!\nEcho: hello\nEcho: world\n");
            int rawPort = raw.awaitPort();
            assertThat(ExternalTool.run("ping\npong\n", WAIT, "socat", "-t", "5", "-", "TCP:127.0.0.1:" + rawPort))
                    .isEqualTo("ping\npong\n");
        }
    }

    /**
     * Sixteen mebibytes through the raw echo on epoll, whose relay splices a stream through a
     * pipe, from socat over TCP and over a Unix socket: every byte back, in order.
     */
    @Test
    void rawEchoOnEpollStreamsAFileBackToSocatByteForByte(@TempDir Path dir) throws Exception {
        byte[] data = new byte[16 * 1024 * 1024];
        new SplittableRandom(16).nextBytes(data);
        Path sent = Files.write(dir.resolve("sent.bin"), data);
        Path socket = dir.resolve("raw.sock");
        List<String> epoll = List.of("--enable-native-access=ALL-UNNAMED");
        try (NetkitProcess tcp = NetkitProcess.start(epoll, "serve", "echo", "--raw", "--host", "127.0.0.1",
                "--port", "0", "--transport", "epoll");
             NetkitProcess unix = NetkitProcess.start(epoll, "serve", "echo", "--raw", "--unix", socket.toString(),
                     "--transport", "epoll")) {
            int port = tcp.awaitPort();
            assertThat(tcp.awaitErr("listening on", WAIT)).contains("transport epoll");
            assertThat(unix.awaitErr("listening on", WAIT)).contains("transport epoll");
            for (String address : List.of("TCP:127.0.0.1:" + port, "UNIX-CONNECT:" + socket)) {
                Path back = dir.resolve("back.bin");
                Files.deleteIfExists(back);
                // socat sends the file, half-closes, and prints what comes back until the server closes.
                ExternalTool.run("", WAIT, "sh", "-c",
                        "socat -t 10 - " + address + " < '" + sent + "' > '" + back + "'");
                assertThat(Files.mismatch(sent, back)).as(address).isEqualTo(-1L);
            }
        }
    }

    /**
     * SIGTERM while twenty 16 MiB streams go through the raw echo on epoll, each sent whole and
     * then half-closed: ten from socat (checked by cmp), ten from Java clients that pause a moment
     * between chunks, so the relays wait for input between bursts while the stop runs. A relay
     * whose peer is still sending is not idle: every stream comes back whole within the grace
     * period, and the stop is graceful.
     */
    @Test
    void sigtermDuringRawEchoStreamsLetsEveryStreamFinish(@TempDir Path dir) throws Exception {
        int size = 16 * 1024 * 1024;
        byte[] data = new byte[size];
        new SplittableRandom(20).nextBytes(data);
        Path sent = Files.write(dir.resolve("sent.bin"), data);
        List<String> epoll = List.of("--enable-native-access=ALL-UNNAMED");
        try (NetkitProcess raw = NetkitProcess.start(epoll, "serve", "echo", "--raw", "--host", "127.0.0.1",
                "--port", "0", "--transport", "epoll", "--grace", "20s")) {
            int port = raw.awaitPort();
            List<Process> socats = new java.util.ArrayList<>();
            List<java.util.concurrent.CompletableFuture<Long>> echoes = new java.util.ArrayList<>();
            List<java.util.concurrent.atomic.AtomicLong> progress = new java.util.ArrayList<>();
            List<java.net.Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    // socat sends the file, half-closes and prints the echo until the server closes.
                    socats.add(new ProcessBuilder("sh", "-c", "socat -t 30 - TCP:127.0.0.1:" + port
                            + " < '" + sent + "' | cmp -s - '" + sent + "'")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                for (int i = 0; i < 10; i++) {
                    java.net.Socket socket = new java.net.Socket();
                    sockets.add(socket);
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
                    socket.setSoTimeout((int) WAIT.toMillis() * 2);
                    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
                    progress.add(received);
                    // Platform threads, as separate processes would have: a busy machine delays
                    // them no more than the server (a client long silent between bursts looks idle).
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            java.io.OutputStream out = socket.getOutputStream();
                            for (int off = 0; off < size; off += 64 * 1024) {
                                out.write(data, off, 64 * 1024);
                                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                            }
                            socket.shutdownOutput();
                        } catch (java.io.IOException e) {
                            // the echo's check below says what was lost
                        }
                    });
                    echoes.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        byte[] buffer = new byte[64 * 1024];
                        try {
                            java.io.InputStream in = socket.getInputStream();
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                int at = (int) received.get();
                                if (at + n > size || !java.util.Arrays.equals(buffer, 0, n, data, at, at + n)) {
                                    throw new AssertionError("the echo differs from what was sent after " + at + " bytes");
                                }
                                received.addAndGet(n);
                            }
                        } catch (java.io.IOException e) {
                            // a reset: the count says how far the echo got
                        }
                        return received.get();
                    }, r -> Thread.ofPlatform().daemon().start(r)));
                }
                // SIGTERM once every Java stream is under way and none is done.
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (progress.stream().anyMatch(r -> r.get() < 1024 * 1024) && System.nanoTime() - deadline < 0) {
                    Thread.sleep(5);
                }
                long atSignal = progress.stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
                raw.terminate();
                assertThat(atSignal).as("the signal came mid-transfer").isLessThan(10L * size);
                for (int i = 0; i < echoes.size(); i++) {
                    assertThat(echoes.get(i).get(WAIT.toSeconds() * 2, java.util.concurrent.TimeUnit.SECONDS))
                            .as("Java stream " + i).isEqualTo(size);
                }
                for (int i = 0; i < socats.size(); i++) {
                    Process p = socats.get(i);
                    assertThat(p.waitFor(WAIT.toSeconds() * 2, java.util.concurrent.TimeUnit.SECONDS)).as("socat " + i + " ended").isTrue();
                    assertThat(p.exitValue()).as("socat stream " + i + " came back whole").isZero();
                }
                assertThat(raw.awaitExit(WAIT)).isZero();
                assertThat(raw.awaitErr("stopped", WAIT)).contains("gracefully");
            } finally {
                socats.forEach(Process::destroyForcibly);
                for (java.net.Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void echoServesAUnixSocketToNc(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("echo.sock");
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--unix", socket.toString())) {
            assertThat(echo.awaitErr("listening on unix:", WAIT)).contains(socket.toString());
            assertThat(ExternalTool.run("over unix\n", WAIT, "nc", "-N", "-w", "10", "-U", socket.toString()))
                    .isEqualTo("Welcome to echo server!\nEcho: over unix\n");
        }
    }

    @Test
    void aBadJokesFileIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.txt");
        try (NetkitProcess server = NetkitProcess.start("serve", "knock-knock", "--port", "0", "--jokes", missing.toString())) {
            assertThat(server.awaitExit(WAIT)).isEqualTo(ExitCode.FAILURE);
            assertThat(server.awaitErr("netkit:", WAIT)).isEqualTo("netkit: jokes file not found: " + missing);
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (NetkitProcess first = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0")) {
            int port = first.awaitPort();
            try (NetkitProcess second = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", String.valueOf(port))) {
                assertThat(second.awaitExit(WAIT)).isEqualTo(ExitCode.FAILURE);
                assertThat(second.awaitErr("netkit:", WAIT))
                        .startsWith("netkit: cannot listen on 127.0.0.1:" + port + ": ");
            }
        }
    }

    @Test
    void udpEchoAnswersNcAndUdpTimeAnswersSocat() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--udp", "--host", "127.0.0.1", "--port", "0");
             NetkitProcess time = NetkitProcess.start("serve", "time", "--udp", "--host", "127.0.0.1", "--port", "0")) {
            int port = echo.awaitPort();
            assertThat(ExternalTool.run("datagram\n", WAIT, "nc", "-u", "-w", "1", "127.0.0.1", String.valueOf(port)))
                    .isEqualTo("datagram\n");
            int timePort = time.awaitPort();
            byte[] reply = ExternalTool.runBytes("\n", WAIT, "socat", "-t", "1", "-", "UDP:127.0.0.1:" + timePort);
            long secondsSince1900 = java.nio.ByteBuffer.wrap(reply).getInt() & 0xffff_ffffL;
            assertThat(reply).hasSize(4);
            assertThat(secondsSince1900 - 2_208_988_800L).isCloseTo(java.time.Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(60L));
        }
    }

    @Test
    void classicServicesServeOverTcp() throws Exception {
        try (NetkitProcess daytime = NetkitProcess.start("serve", "daytime", "--host", "127.0.0.1", "--port", "0")) {
            int port = daytime.awaitPort();
            assertThat(ExternalTool.run("", WAIT, "nc", "-N", "-w", "5", "127.0.0.1", String.valueOf(port)))
                    .matches("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}, \\d{4} \\d{2}:\\d{2}:\\d{2}-UTC\r\n");
        }
    }

    @Test
    void chatRelaysBetweenTwoNcUsers() throws Exception {
        try (NetkitProcess chat = NetkitProcess.start("serve", "chat", "--host", "127.0.0.1", "--port", "0")) {
            int port = chat.awaitPort();
            // One user stays; the other says a line and leaves (nc -N half-closes at end of input).
            try (dev.netkit.Connection stay = dev.netkit.Client.connect(dev.netkit.Endpoint.tcp("127.0.0.1", port))) {
                java.util.Iterator<String> lines = stay.lines().iterator();
                assertThat(lines.next()).contains("guest-");
                ExternalTool.run("hello from nc\n", WAIT, "nc", "-N", "-w", "5", "127.0.0.1", String.valueOf(port));
                StringBuilder heard = new StringBuilder();
                while (!heard.toString().contains("hello from nc")) {
                    heard.append(lines.next()).append('\n');
                }
                assertThat(heard.toString()).containsPattern("guest-\\d+: hello from nc");
            }
        }
    }

    @Test
    void chatWithoutJoinNoticesSaysNothingWhenNcArrives() throws Exception {
        try (NetkitProcess chat = NetkitProcess.start("serve", "chat", "--host", "127.0.0.1", "--port", "0",
                "--no-join-notices")) {
            int port = chat.awaitPort();
            try (dev.netkit.Connection stay = dev.netkit.Client.connect(dev.netkit.Endpoint.tcp("127.0.0.1", port))) {
                java.util.Iterator<String> lines = stay.lines().iterator();
                assertThat(lines.next()).startsWith("* Welcome to netkit chat, guest-");
                assertThat(lines.next()).startsWith("* Commands: ");
                ExternalTool.run("hello from nc\n", WAIT, "nc", "-N", "-w", "5", "127.0.0.1", String.valueOf(port));
                // With notices, "* guest-2 joined" would come first.
                assertThat(lines.next()).matches("guest-\\d+: hello from nc");
            }
        }
    }
}
