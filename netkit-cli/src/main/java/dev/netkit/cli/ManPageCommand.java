package dev.netkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code netkit manpage DIR}: writes a man page (section 1) for {@code netkit} and one for each of
 * its commands, made from the same annotations as the help. Hidden: it is for packagers.
 */
@Command(name = "manpage", hidden = true, mixinStandardHelpOptions = true,
        description = "Write the man pages (section 1) of netkit and its commands to DIR.")
final class ManPageCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory to write netkit.1, netkit-connect.1 and so on to.")
    Path dir;

    ManPageCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        int written = write(spec.root());
        terminal.err().println("Wrote " + written + " man pages to " + dir);
        return ExitCode.OK;
    }

    /** Writes the page of {@code command} and of each visible command under it; returns how many. */
    private int write(CommandSpec command) throws IOException {
        ManPage page = new ManPage(command);
        Files.writeString(dir.resolve(page.fileName()), page.troff(), StandardCharsets.UTF_8);
        int written = 1;
        for (var sub : command.subcommands().entrySet()) {
            CommandSpec subSpec = sub.getValue().getCommandSpec();
            boolean alias = !sub.getKey().equals(subSpec.name());
            if (!alias && !subSpec.usageMessage().hidden()) {
                written += write(subSpec);
            }
        }
        return written;
    }
}
