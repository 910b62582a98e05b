package dev.netkit.cli;

/**
 * A command, or a mixin of one, whose options must fit together. {@link CheckedExecution} asks
 * each of them once the whole command line is parsed and before the command runs, so a misfit
 * is a usage error before anything has started.
 */
interface UsageCheck {

    /**
     * Fails when the options given do not fit together.
     *
     * @param given the command line as parsed
     * @throws picocli.CommandLine.ParameterException saying, in option names, what does not fit
     */
    void check(GivenOptions given);
}
