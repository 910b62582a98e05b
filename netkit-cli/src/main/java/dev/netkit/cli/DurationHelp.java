package dev.netkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, at the end of the help of every command with a TIME option, how a TIME is written, so
 * that a bare number ({@code --grace 3}) is not a guess.
 */
final class DurationHelp {

    /** The line the help ends with, before the exit codes; {@link DurationConverter} reads this form. */
    static final String NOTE = "TIME: a number and a unit, as 500ms, 10s, 5m or 1h; a bare number is seconds.";

    private DurationHelp() {
    }

    /** Adds the note to {@code command} and its subcommands, where they take a TIME. */
    static void addTo(CommandLine command) {
        boolean takesTime = command.getCommandSpec().options().stream().anyMatch(o -> o.type() == Duration.class);
        if (takesTime) {
            UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            List<String> footer = new ArrayList<>(List.of(usage.footer()));
            footer.add("");
            footer.add(NOTE);
            usage.footer(footer.toArray(String[]::new));
        }
        command.getSubcommands().values().forEach(DurationHelp::addTo);
    }
}
