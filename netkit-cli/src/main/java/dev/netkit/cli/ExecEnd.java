package dev.netkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program as a side of a relay ({@code exec:CMD}): the command runs with {@code /bin/sh -c}, its
 * standard input and output are the relayed stream, its standard error is netkit's. The relay is
 * over once the program has closed its output (it exited, typically). Closing this side stops the
 * program and what it started, as {@link ChildProcess#close()} does.
 */
final class ExecEnd implements RelayEnd {

    private final ChildProcess child;

    private ExecEnd(ChildProcess child) {
        this.child = child;
    }

    /**
     * Starts {@code command}.
     *
     * @throws IOException in one line naming the command, when it cannot start
     */
    static ExecEnd start(String command) throws IOException {
        return new ExecEnd(ChildProcess.start(Program.shell(command)));
    }

    @Override
    public InputStream input() {
        return child.stdout();
    }

    @Override
    public OutputStream output() {
        return child.stdin();
    }

    @Override
    public void shutdownOutput() throws IOException {
        child.stdin().close();
    }

    @Override
    public boolean overEarly(boolean inputEnded, boolean outputEnded) {
        return inputEnded;
    }

    @Override
    public void close() {
        try {
            child.stdin().close(); // its end of input first: a program that was reading may finish
        } catch (IOException ignored) {
            // the program is gone already
        }
        child.close();
    }
}
