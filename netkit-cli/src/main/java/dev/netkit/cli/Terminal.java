package dev.netkit.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command talks through: the process's own, or a test's. */
public record Terminal(InputStream in, PrintStream out, PrintStream err) {
}
