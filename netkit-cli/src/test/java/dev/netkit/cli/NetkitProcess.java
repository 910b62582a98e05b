package dev.netkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code netkit} run as its own process (a JVM on this test's class path, or the launcher script),
 * its stderr read line by line.
 */
final class NetkitProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("(?:listening|receiving UDP) on (\\S+):(\\d+)");

    final Process process;
    private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final CountDownLatch errClosed = new CountDownLatch(1);

    private NetkitProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    errLines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                errClosed.countDown();
            }
        });
    }

    static NetkitProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** As {@link #start(String...)}, with options for the JVM (such as native access, for epoll). */
    static NetkitProcess start(List<String> jvmOptions, String... args) throws IOException {
        return start(new ProcessBuilder(command(jvmOptions, args)));
    }

    /** The command line that runs netkit with {@code args}: a JVM on this test's class path. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code builder}'s command (netkit, or its launcher) with its stdin a pipe. */
    static NetkitProcess start(ProcessBuilder builder) throws IOException {
        return new NetkitProcess(builder.redirectInput(ProcessBuilder.Redirect.PIPE).start());
    }

    /** Waits for a stderr line containing {@code text} and returns it. */
    String awaitErr(String text, Duration timeout) throws InterruptedException {
        for (String line : seen) {
            if (line.contains(text)) {
                return line;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = errLines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no stderr line with '" + text + "' within " + timeout + "; saw " + seen);
            }
            seen.add(line);
            if (line.contains(text)) {
                return line;
            }
        }
    }

    /** Waits for the process to close its stderr and returns every line it printed there. */
    List<String> awaitAllErr(Duration timeout) throws InterruptedException {
        if (!errClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("netkit kept its stderr open for " + timeout + "; saw " + seen);
        }
        errLines.drainTo(seen);
        return List.copyOf(seen);
    }

    /** The port from the server's "listening on" line. */
    int awaitPort() throws InterruptedException {
        Matcher m = LISTENING.matcher(awaitErr(" on ", Duration.ofSeconds(60))); // a loaded machine starts a JVM slowly
        if (!m.find()) {
            throw new AssertionError("no port in the listening line");
        }
        return Integer.parseInt(m.group(2));
    }

    /**
     * Sends SIGTERM. Through the process handle: {@link Process#destroy()} would also close our
     * end of its stderr and lose the lines it prints while stopping.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("netkit did not exit within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
