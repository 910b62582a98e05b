package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real programs (cat, sh, sleep) on a real connection. */
class ChildProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void relaysAConnectionThroughAProgramAndHalfClosesWhenItsOutputEnds() throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(conn -> {
                    try (ChildProcess child = ChildProcess.start(Program.shell("tr a-z A-Z; echo done"))) {
                        status.complete(child.relay(conn));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
             Connection conn = Client.connect(Endpoint.tcp("127.0.0.1", server.port()))) {
            conn.send("hello\nworld\n");
            conn.shutdownOutput();
            assertThat(new String(conn.input().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("HELLO\nWORLD\ndone\n");
            assertThat(status.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
        }
    }

    @Test
    void aProgramThatCannotStartIsOneLineNamingIt() {
        assertThatThrownBy(() -> ChildProcess.start(Program.split("netkit-no-such-program --flag")))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot run 'netkit-no-such-program --flag': No such file or directory");
    }

    @Test
    void closeStopsTheProgramAndWhatItStarted() throws Exception {
        ChildProcess child = ChildProcess.start(Program.shell("sleep 300 | sleep 300"));
        await("the pipeline's two sleeps", WAIT, () -> child.isAlive()
                && ProcessHandle.of(child.pid()).map(p -> p.descendants().count() >= 2).orElse(false));
        List<ProcessHandle> started = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
        child.close();
        assertThat(child.isAlive()).isFalse();
        await("the sleeps to end", WAIT, () -> started.stream().noneMatch(ProcessHandle::isAlive));
        child.close(); // twice is harmless
    }

    @Test
    void aProgramThatIgnoresSigtermGetsSigkill() throws Exception {
        ChildProcess child = ChildProcess.start(Program.shell("trap '' TERM; echo ready; sleep 300"));
        assertThat(new String(child.stdout().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
        ProcessHandle shell = ProcessHandle.of(child.pid()).orElseThrow();
        await("the shell's sleep", WAIT, () -> shell.descendants().findAny().isPresent());
        List<ProcessHandle> started = shell.descendants().toList();
        long start = System.nanoTime();
        child.close();
        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ChildProcess.STOP_GRACE);
        // The sleep inherits the ignored SIGTERM: it must get SIGKILL too, or it would outlive the
        // shell for its 300 seconds, holding our standard error open.
        await("the sleep to end", WAIT, () -> started.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
