package dev.netkit.cli;

import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.Arrays;
import java.util.List;

/**
 * The options on one command's command line, and the rules for how they go together. A rule
 * that is broken throws a {@link ParameterException} whose message names the options as the help
 * lists them.
 */
final class GivenOptions {

    private final ParseResult parsed;

    /**
     * The options of one parsed command.
     *
     * @param parsed the parse result of the command that is to run
     */
    GivenOptions(ParseResult parsed) {
        this.parsed = parsed;
    }

    /**
     * Whether an option is on the command line.
     *
     * @param option any of the option's names
     * @return true when it is given, with or without a value
     */
    boolean has(String option) {
        return parsed.hasMatchedOption(option);
    }

    /**
     * Fails when one or more of {@code dependents} is given without {@code required}, naming each
     * of them that was: "--ca and --insecure need --tls".
     *
     * @param required the option that the others need
     * @param dependents the options that mean nothing without it
     */
    void requiredBy(String required, String... dependents) {
        if (has(required)) {
            return;
        }
        List<String> given = Arrays.stream(dependents).filter(this::has).toList();
        if (given.size() == 1) {
            throw error(given.getFirst() + " needs " + required);
        }
        if (!given.isEmpty()) {
            throw error(String.join(", ", given.subList(0, given.size() - 1)) + " and " + given.getLast()
                    + " need " + required);
        }
    }

    /**
     * Fails when one of two options is given without the other: "--cert needs --key".
     *
     * @param first one option
     * @param second the other
     */
    void together(String first, String second) {
        requiredBy(second, first);
        requiredBy(first, second);
    }

    /**
     * Fails when two options are both given: "--udp and --tls do not go together (DTLS is not
     * supported)".
     *
     * @param first one option
     * @param second the other
     * @param why the reason, said in brackets after the rule
     */
    void apart(String first, String second, String why) {
        if (has(first) && has(second)) {
            throw error(first + " and " + second + " do not go together (" + why + ")");
        }
    }

    /**
     * A usage error of this command, for a rule that the ones above do not express.
     *
     * @param message what is wrong, in one line, in the words of the help
     * @return the exception to throw
     */
    ParameterException error(String message) {
        return new ParameterException(parsed.commandSpec().commandLine(), message);
    }
}
