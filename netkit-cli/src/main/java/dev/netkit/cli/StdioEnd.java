package dev.netkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard input and output as a side of a relay ({@code stdio}). The relay is over once the other
 * side has ended and everything it sent is printed, as for {@code connect}: standard input (a
 * terminal, say) may never end. Printing to a standard output that is gone ({@code | head}) fails
 * the relay.
 */
final class StdioEnd implements RelayEnd {

    private final InputStream in;
    private final OutputStream out;

    StdioEnd(Terminal terminal) {
        this.in = terminal.in();
        this.out = new Checked(terminal.out());
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void shutdownOutput() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        // the process's own streams stay open
    }

    @Override
    public boolean overEarly(boolean inputEnded, boolean outputEnded) {
        return outputEnded;
    }

    /** A {@link PrintStream}, which keeps its errors to itself, made to report them. */
    private static final class Checked extends OutputStream {

        private final PrintStream target;

        Checked(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
            if (target.checkError()) {
                throw new IOException("standard output is closed");
            }
        }
    }
}
