package dev.netkit.cli;

import dev.netkit.services.ClassicServices;
import dev.netkit.services.udp.UdpService;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The {@code netkit} command. */
public final class Main {

    private Main() {
    }

    /**
     * Runs one command on the process's own streams and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(System.in, System.out, System.err, args));
    }

    /**
     * Runs one command with the given streams and returns its exit code: {@link ExitCode#OK},
     * {@link ExitCode#USAGE} for a bad command line, {@link ExitCode#FAILURE} when it failed.
     *
     * @param in  standard input
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        Terminal terminal = new Terminal(in, out, err);
        CommandLine cli = new CommandLine(new NetkitCommand(), new CommandFactory(terminal));
        addClassicServices(cli.getSubcommands().get("serve"), terminal);
        DurationHelp.addTo(cli);
        listExitCodes(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(new CheckedExecution());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
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

    /** Ends every command's help with the exit codes, after its footer (examples and the like). */
    private static void listExitCodes(CommandLine command) {
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        List<String> sections = new ArrayList<>(usage.sectionKeys());
        List<String> exitCodes = List.of(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING,
                UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
        sections.removeAll(exitCodes);
        sections.addAll(exitCodes);
        usage.sectionKeys(sections).exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.descriptions());
        command.getSubcommands().values().forEach(Main::listExitCodes);
    }
}
