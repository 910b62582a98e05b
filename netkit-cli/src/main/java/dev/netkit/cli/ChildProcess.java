package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program run for one peer ({@code listen --exec}, a relay's {@code exec:} address): its standard
 * input and output are pipes for the caller, its standard error is netkit's own. The JDK reaps it
 * when it exits; {@link #close()} stops it, and whatever it started, if it is still running.
 *
 * <p>Threads: {@link #relay} uses the calling thread and one virtual thread of its own; the other
 * methods are safe from any thread.
 */
final class ChildProcess implements AutoCloseable {

    /**
     * How long a program has to exit after SIGTERM before it gets SIGKILL: short, so that a
     * server's forced stop, which waits a second for its handlers, ends the program too.
     */
    static final Duration STOP_GRACE = Duration.ofMillis(500);

    private static final int BUFFER_SIZE = 16 * 1024;
    private static final Pattern SYSTEM_REASON = Pattern.compile(".*\\((.+)\\)|error=\\d+, (.+)");

    private final Program program;
    private final Process process;

    private ChildProcess(Program program, Process process) {
        this.program = program;
        this.process = process;
    }

    /**
     * Starts {@code program} with piped standard input and output and netkit's standard error.
     *
     * @param program what to run
     * @return the running program
     * @throws IOException in one line naming the program, when it cannot start (not found, not
     *         executable)
     */
    static ChildProcess start(Program program) throws IOException {
        Objects.requireNonNull(program, "program");
        try {
            Process process = new ProcessBuilder(program.argv())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new ChildProcess(program, process);
        } catch (IOException e) {
            throw new IOException("cannot run '" + program + "': " + reason(e), e);
        }
    }

    /**
     * The system's reason, out of the JDK's wording ("Exec failed, error: 2 (No such file or
     * directory)", or "error=2, No such file or directory" on older JDKs).
     */
    private static String reason(IOException e) {
        String why = (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e).getMessage().strip();
        Matcher m = SYSTEM_REASON.matcher(why);
        if (!m.matches()) {
            return why;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** The program, as typed. */
    Program program() {
        return program;
    }

    /** The process id, for logs. */
    long pid() {
        return process.pid();
    }

    /** What the program writes to its standard output. */
    InputStream stdout() {
        return process.getInputStream();
    }

    /** The program's standard input (buffered: flush it); closing it is the program's end of input. */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** True until the program has exited. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the program to exit.
     *
     * @return its exit status (128 + the signal's number when a signal ended it)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Relays {@code conn} and the program both ways: the connection's bytes to the program's
     * standard input, closed when the peer ends its output; the program's output to the
     * connection, each read passed on at once, and the connection half-closed when it ends. Then
     * waits for the program to exit. When the connection fails or is closed under it (an idle
     * timeout, a server stop), the program is stopped. The caller closes both.
     *
     * @param conn the connection; the caller closes it
     * @return the program's exit status
     * @throws IOException when writing to the connection fails (the peer is gone)
     * @throws InterruptedException when the calling thread is interrupted while the program runs
     */
    int relay(Connection conn) throws IOException, InterruptedException {
        Thread feeder = Thread.ofVirtual().name("exec-" + pid() + "-stdin").start(() -> feed(conn));
        try {
            byte[] buffer = new byte[BUFFER_SIZE];
            InputStream out = stdout();
            int n;
            while ((n = out.read(buffer)) >= 0) {
                conn.output().write(buffer, 0, n);
                conn.flush();
            }
            conn.shutdownOutput();
            return awaitExit();
        } finally {
            feeder.interrupt();
        }
    }

    /** The connection to the program's standard input; its end is the program's end of input. */
    private void feed(Connection conn) {
        byte[] buffer = new byte[BUFFER_SIZE];
        OutputStream in = stdin();
        InputStream from = conn.input();
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                if (!write(in, buffer, n)) {
                    return; // the program stopped reading; what it writes still goes out
                }
            }
        } catch (IOException e) {
            close(); // the connection is gone: nobody is left to talk to
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // the program exited already
        }
    }

    private static boolean write(OutputStream in, byte[] buffer, int n) {
        try {
            in.write(buffer, 0, n);
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM to the program and what it started, without waiting. */
    private void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
    }

    /**
     * Stops the program if it still runs: SIGTERM to it and to what it started, then after
     * {@link #STOP_GRACE} SIGKILL. Waits until it has exited (bounded). Safe to call twice.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().toList();
                stop();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    // What it started since counts too (a program that ignores SIGTERM may have
                    // started more meanwhile, and they inherit the ignored signal): looked up
                    // before the program dies, as orphans are no longer its descendants.
                    descendants.forEach(ProcessHandle::destroyForcibly);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(process.getOutputStream());
            closeQuietly(process.getInputStream());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing left to do with it
        }
    }

    @Override
    public String toString() {
        return "'" + program + "' (pid " + pid() + ")";
    }
}
