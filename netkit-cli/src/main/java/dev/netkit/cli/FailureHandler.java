package dev.netkit.cli;

import dev.netkit.Failures;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Reports a command that failed as it ran (refused, unreachable, cannot bind, a bad file) in one
 * line; with {@code -Dnetkit.debug=true} or {@code NETKIT_DEBUG} set, the stack trace follows.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println("netkit: " + Failures.describe(e));
        if (Boolean.getBoolean("netkit.debug") || System.getenv("NETKIT_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.FAILURE;
    }
}
