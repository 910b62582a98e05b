package dev.netkit.cli;

import picocli.CommandLine.Command;

/** {@code netkit serve SERVICE}: the ready-made services. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run a ready-made service until Ctrl-C.",
        subcommands = {KnockKnockCommand.class, EchoCommand.class, ChatCommand.class},
        synopsisSubcommandLabel = "SERVICE")
final class ServeCommand {
}
