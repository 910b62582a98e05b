package dev.netkit.services;

import java.util.Locale;

/**
 * What a chat user's line asks for. Pure: {@link #parse} does no I/O and keeps no state.
 *
 * <p>A line that starts with {@code /} is a command; {@code //} at the start says a line that
 * starts with one {@code /}. Command names are not case-sensitive.
 */
sealed interface ChatCommand {

    /** The commands, as the welcome and {@code /help} list them. */
    String SUMMARY = "/nick NAME, /who, /me ACTION, /quit";

    /** A line for everyone else. */
    record Say(String text) implements ChatCommand {
    }

    /** {@code /nick NAME}: the name is checked by {@link Nicknames}. */
    record Nick(String name) implements ChatCommand {
    }

    /** {@code /who}: who is here. */
    record Who() implements ChatCommand {
    }

    /** {@code /me ACTION}: an action, shown as {@code * name ACTION}. */
    record Me(String action) implements ChatCommand {
    }

    /** {@code /quit}: leave. */
    record Quit() implements ChatCommand {
    }

    /** {@code /help}: the list of commands. */
    record Help() implements ChatCommand {
    }

    /** A blank line: nothing to do. */
    record Blank() implements ChatCommand {
    }

    /** A command that cannot be carried out; {@code error} says why, for the user. */
    record Invalid(String error) implements ChatCommand {
    }

    /** Parses a line already {@linkplain ChatText#clean cleaned}. */
    static ChatCommand parse(String line) {
        if (line.isBlank()) {
            return new Blank();
        }
        if (!line.startsWith("/")) {
            return new Say(line);
        }
        if (line.startsWith("//")) {
            return new Say(line.substring(1));
        }
        int space = line.indexOf(' ');
        String name = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        return switch (name) {
            case "nick" -> argument.isEmpty() ? new Invalid("usage: /nick NAME") : new Nick(argument);
            case "who" -> new Who();
            case "me" -> argument.isEmpty() ? new Invalid("usage: /me ACTION") : new Me(argument);
            case "quit" -> new Quit();
            case "help" -> new Help();
            default -> new Invalid("unknown command /" + name + "; commands: " + SUMMARY
                    + " (start a line with // to say one that starts with /)");
        };
    }
}
