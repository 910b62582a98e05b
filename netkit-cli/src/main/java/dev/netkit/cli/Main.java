package dev.netkit.cli;

import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code netkit} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out, System.err, args));
    }

    /**
     * Runs one command with the given streams and returns its exit code: {@link ExitCode#OK},
     * {@link ExitCode#USAGE} for a bad command line, {@link ExitCode#FAILURE} when it failed.
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        Terminal terminal = new Terminal(in, out, err);
        CommandLine cli = new CommandLine(new NetkitCommand(), new CommandFactory(terminal));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("netkit: " + Failures.describe(e));
            if (Boolean.getBoolean("netkit.debug") || System.getenv("NETKIT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.FAILURE;
        });
        return cli.execute(args);
    }
}
