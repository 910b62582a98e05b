package dev.netkit.cli;

import dev.netkit.Failures;

import dev.netkit.services.ClassicServices;
import dev.netkit.services.udp.UdpService;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;

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
        addClassicServices(cli.getSubcommands().get("serve"), terminal);
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

    private static void addClassicServices(CommandLine serve, Terminal terminal) {
        Clock clock = Clock.systemUTC();
        add(serve, new SimpleServeCommand(terminal, UdpService.DISCARD, ClassicServices.discard()),
                "RFC 863 discard: reads and drops everything (port 9).");
        add(serve, new SimpleServeCommand(terminal, UdpService.DAYTIME, ClassicServices.daytime(clock)),
                "RFC 867 daytime: one line with the date and time (port 13).");
        add(serve, new SimpleServeCommand(terminal, UdpService.TIME, ClassicServices.time(clock)),
                "RFC 868 time: 32-bit seconds since 1900 (port 37).");
        add(serve, new SimpleServeCommand(terminal, UdpService.CHARGEN, ClassicServices.chargen()),
                "RFC 864 chargen: a rotating character pattern (port 19).");
    }

    private static void add(CommandLine parent, SimpleServeCommand command, String description) {
        CommandLine sub = new CommandLine(command);
        sub.getCommandSpec().usageMessage().description(description);
        parent.addSubcommand(command.name(), sub);
    }
}
