package dev.netkit.cli;

import picocli.CommandLine.Command;

/** The top of the command tree. */
@Command(name = "netkit",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "TCP, Unix-socket, UDP and TLS servers and clients.",
        subcommands = {ServeCommand.class, ConnectCommand.class, ListenCommand.class, RelayCommand.class,
                CertCommand.class, BenchCommand.class, CompletionCommand.class, ManPageCommand.class},
        footer = {"", "Examples:",
                "  netkit serve knock-knock              the knock-knock joke server on port 6789",
                "  netkit serve echo --raw --port 9000   RFC 862 echo",
                "  netkit connect localhost 6789         a netcat-style client"})
final class NetkitCommand {
}
