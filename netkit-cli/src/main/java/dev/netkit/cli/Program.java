package dev.netkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program to run, as its argument vector: {@code --exec "cat -n"} split into words, no shell
 * involved, or {@code --sh-exec "sort | uniq -c"} handed to {@code /bin/sh -c}.
 *
 * @param argv the program and its arguments; never empty
 * @param typed the command as the user typed it, for messages
 */
record Program(List<String> argv, String typed) {

    Program {
        argv = List.copyOf(argv);
        Objects.requireNonNull(typed, "typed");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program given");
        }
    }

    /**
     * Splits {@code command} into words as a shell would split plain words, without expanding
     * anything: blanks separate words, single quotes keep everything up to the next one, double
     * quotes keep everything but a backslash-escaped {@code "} or {@code \}, and a backslash
     * outside quotes keeps the next character.
     *
     * @param command the command line
     * @return the program
     * @throws IllegalArgumentException when it has no words or a quote is left open
     */
    static Program split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in '" + command + "'");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no program given");
        }
        return new Program(words, command);
    }

    /**
     * {@code command} run by {@code /bin/sh -c}: pipes, redirections and variables work.
     *
     * @param command the shell command
     * @return the program
     * @throws IllegalArgumentException when the command is blank
     */
    static Program shell(String command) {
        if (command.isBlank()) {
            throw new IllegalArgumentException("no command given");
        }
        return new Program(List.of("/bin/sh", "-c", command), command);
    }

    @Override
    public String toString() {
        return typed;
    }
}
