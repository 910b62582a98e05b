package dev.netkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program as a side of a relay ({@code exec:CMD}): the command runs with {@code /bin/sh -c}, its
 * standard input and output are the relayed stream, its standard error is netkit's. The relay is
 * over once the program has closed its output (it exited, typically). Closing this side stops the
 * program: SIGTERM, and SIGKILL if it is still running a moment later.
 */
final class ExecEnd implements RelayEnd {

    private static final long STOP_GRACE_MILLIS = 2_000;

    private final Process process;

    private ExecEnd(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code command}.
     *
     * @throws IOException in one line naming the command, when it cannot start
     */
    static ExecEnd start(String command) throws IOException {
        try {
            return new ExecEnd(new ProcessBuilder(List.of("/bin/sh", "-c", command))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        } catch (IOException e) {
            throw new IOException("cannot run '" + command + "': " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream input() {
        return process.getInputStream();
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public void shutdownOutput() throws IOException {
        process.getOutputStream().close();
    }

    @Override
    public boolean overEarly(boolean inputEnded, boolean outputEnded) {
        return inputEnded;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the program is gone already
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
