package dev.netkit.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through: the process's own, or a test's.
 *
 * @param in standard input
 * @param out standard output
 * @param err standard error: log lines, progress and error messages
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err) {
}
