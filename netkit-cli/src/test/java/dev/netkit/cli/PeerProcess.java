package dev.netkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real tool (nc, socat) or netkit itself kept running with its standard input a pipe we write
 * to and its standard output collected, for tests that talk to it while it runs. Every wait is
 * bounded.
 */
final class PeerProcess implements AutoCloseable {

    final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private PeerProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> collect(process.getInputStream()));
    }

    /** Starts {@code command} with its stderr merged into its stdout. */
    static PeerProcess start(String... command) {
        try {
            return new PeerProcess(new ProcessBuilder(List.of(command)).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (.ci/run installs it): " + e.getMessage());
        }
    }

    /** Collects the standard output of a process already started (netkit's, say). */
    static PeerProcess of(Process process) {
        return new PeerProcess(process);
    }

    private void collect(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (output) {
                    output.write(buffer, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Writes {@code text} to its standard input. */
    void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes its standard input: its end of input. */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** What it printed so far. */
    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until its output contains {@code text}, and returns the output. */
    String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (!output.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' in the output within " + timeout + "; got '"
                            + output.toString(StandardCharsets.UTF_8) + "'");
                }
                output.wait(left);
            }
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits for it to exit and its output to end; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(process.info().commandLine().orElse("the process") + " did not exit within " + timeout);
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
