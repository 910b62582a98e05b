package dev.netkit.cli;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.LocalTime;
import java.util.ResourceBundle;

/**
 * Binds the core's {@link System.Logger}s to standard error: one line per message, with the time.
 * Shown: INFO and up, each connection's open/close line (logger {@code dev.netkit.connection}),
 * and with {@code --verbose} every netkit logger's debug lines (the JDK's own stay out).
 */
public final class CliLogging extends System.LoggerFinder {

    private static volatile PrintStream target = System.err;
    private static volatile boolean verbose;

    /** Made by the {@link java.util.ServiceLoader}, as {@code META-INF/services} names it. */
    public CliLogging() {
    }

    /**
     * Sends log lines to {@code err}, and debug lines too when {@code verboseOutput}.
     *
     * @param err where the lines go
     * @param verboseOutput whether debug lines and every connection's details go too
     */
    public static void configure(PrintStream err, boolean verboseOutput) {
        target = err;
        verbose = verboseOutput;
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Line(name);
    }

    private record Line(String name) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            if (level == Level.OFF) {
                return false;
            }
            if (level.getSeverity() >= Level.INFO.getSeverity()) {
                return true;
            }
            if (!name.startsWith("dev.netkit")) {
                // The JDK's own debug records (TLS events such as "TLSHandshake: null:-1") speak
                // to the JDK's developers, not to a user asking netkit for more detail.
                return false;
            }
            return verbose || level == Level.DEBUG && name.equals("dev.netkit.connection");
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            print(level, msg);
            if (thrown != null) {
                if (verbose || level.getSeverity() >= Level.WARNING.getSeverity()) {
                    thrown.printStackTrace(target);
                } else {
                    target.println("  caused by " + thrown);
                }
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (!isLoggable(level)) {
                return;
            }
            print(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
        }

        /** HH:mm:ss.SSS without a formatter: a busy server logs two lines per connection. */
        static String timestamp(LocalTime t) {
            char[] c = new char[12];
            digits(c, 0, t.getHour(), 2);
            c[2] = ':';
            digits(c, 3, t.getMinute(), 2);
            c[5] = ':';
            digits(c, 6, t.getSecond(), 2);
            c[8] = '.';
            digits(c, 9, t.getNano() / 1_000_000, 3);
            return new String(c);
        }

        /** {@code value} as {@code count} decimal digits, zero-padded, at {@code c[at]}. */
        private static void digits(char[] c, int at, int value, int count) {
            for (int i = at + count - 1; i >= at; i--) {
                c[i] = (char) ('0' + value % 10);
                value /= 10;
            }
        }

        private static void print(Level level, String text) {
            String tag = switch (level) {
                case WARNING -> " warning:";
                case ERROR -> " error:";
                default -> "";
            };
            // Encoded here and written in one call: println goes through the stream's character
            // encoder and allocates on the way, and a busy server logs two lines per connection.
            PrintStream out = target;
            byte[] line = (timestamp(LocalTime.now()) + tag + " " + text + System.lineSeparator()).getBytes(out.charset());
            out.write(line, 0, line.length);
        }
    }
}
