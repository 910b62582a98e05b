package dev.netkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Reports a wrong command line as one line that names the command, then a pointer to its help,
 * instead of the whole usage message:
 * <pre>
 * netkit serve echo: --udp and --tls do not go together (DTLS is not supported)
 * Try 'netkit serve echo --help' for more information.
 * </pre>
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + e.getMessage() + suggestions(e));
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    /** For a mistyped option or subcommand, the names it may have meant, said on the same line. */
    private static String suggestions(ParameterException e) {
        List<String> names = e instanceof UnmatchedArgumentException unmatched ? unmatched.getSuggestions() : List.of();
        return names.isEmpty() ? "" : " (did you mean " + String.join(" or ", names) + "?)";
    }
}
