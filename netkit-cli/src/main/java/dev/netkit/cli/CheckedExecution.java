package dev.netkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs the chosen command as picocli's {@link CommandLine.RunLast} does, after a help request has
 * had its way and every {@link UsageCheck} among the command's mixins and the command itself has
 * passed.
 */
final class CheckedExecution implements IExecutionStrategy {

    private final IExecutionStrategy run = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parseResult) {
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) {
            return help;
        }
        ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        GivenOptions given = new GivenOptions(last);
        CommandSpec command = last.commandSpec();
        for (CommandSpec mixin : command.mixins().values()) {
            check(mixin.userObject(), given);
        }
        check(command.userObject(), given);
        return run.execute(parseResult);
    }

    private static void check(Object options, GivenOptions given) {
        if (options instanceof UsageCheck checked) {
            checked.check(given);
        }
    }
}
