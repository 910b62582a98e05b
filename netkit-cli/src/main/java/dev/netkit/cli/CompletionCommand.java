package dev.netkit.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code netkit completion bash|zsh}: the shell completion script, made by picocli from the same
 * annotations as the help. The script serves both shells; under zsh it loads zsh's bash
 * completion emulation ({@code bashcompinit}).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash or zsh.",
        footer = {"", "Examples:",
                "  source <(netkit completion bash)      in ~/.bashrc",
                "  source <(netkit completion zsh)       in ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells the script serves. */
    enum Shell {
        bash, zsh
    }

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    CompletionCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        // One script for both: under zsh it loads zsh's bash completion emulation itself.
        terminal.out().print(AutoComplete.bash("netkit", spec.root().commandLine()));
        terminal.out().flush();
        return ExitCode.OK;
    }
}
