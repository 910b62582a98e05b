package dev.netkit.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One command's man page in troff ({@code man(7)} macros), from its picocli model: name,
 * synopsis, description, arguments, options, commands, exit status and examples, as the help
 * shows them.
 */
final class ManPage {

    private final CommandSpec command;

    ManPage(CommandSpec command) {
        this.command = command;
    }

    /** {@code netkit.1}, {@code netkit-connect.1}, {@code netkit-serve-echo.1}. */
    String fileName() {
        return pageName() + ".1";
    }

    private String pageName() {
        return command.qualifiedName("-");
    }

    /** The page. */
    String troff() {
        StringBuilder page = new StringBuilder();
        String version = command.root().version().length > 0 ? command.root().version()[0] : "netkit";
        page.append(".TH \"").append(pageName().toUpperCase(Locale.ROOT)).append("\" 1 \"\" \"")
                .append(escape(version)).append("\" \"netkit manual\"\n");
        page.append(".SH NAME\n").append(escape(pageName())).append(" \\- ")
                .append(escape(String.join(" ", text(command.usageMessage().description())))).append('\n');
        page.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new Help(command, Help.defaultColorScheme(Ansi.OFF)).synopsis(0).strip();
        page.append(escape(synopsis.replaceFirst("^Usage: ", ""))).append("\n.fi\n");
        page.append(".SH DESCRIPTION\n").append(paragraphs(command.usageMessage().description()));
        List<PositionalParamSpec> arguments = command.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!arguments.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec argument : arguments) {
                page.append(".TP\n.I ").append(escape(argument.paramLabel())).append('\n')
                        .append(paragraphs(argument.description()));
            }
        }
        List<OptionSpec> options = command.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                page.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
                if (option.arity().max() > 0) {
                    page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
                }
                page.append('\n').append(paragraphs(option.description()));
            }
        }
        List<CommandSpec> commands = command.subcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
                .map(e -> e.getValue().getCommandSpec())
                .filter(c -> !c.usageMessage().hidden()).toList();
        if (!commands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (CommandSpec sub : commands) {
                page.append(".TP\n.B ").append(escape(sub.name())).append('\n')
                        .append(paragraphs(sub.usageMessage().description()))
                        .append("See \\fB").append(escape(sub.qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        Map<String, String> exitCodes = command.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> page.append(".TP\n.B ").append(escape(code.strip())).append('\n')
                    .append(paragraphs(new String[] {meaning})));
        }
        String[] footer = command.usageMessage().footer();
        if (footer.length > 0) {
            page.append(".SH NOTES\n.nf\n");
            for (String line : text(footer)) {
                page.append(escape(line)).append('\n');
            }
            page.append(".fi\n");
        }
        return page.toString();
    }

    /** Lines with picocli's {@code %n} as line breaks and {@code %%} as a percent sign. */
    private static List<String> text(String[] lines) {
        return java.util.Arrays.stream(lines)
                .flatMap(line -> java.util.Arrays.stream(line.split("%n", -1)))
                .map(line -> line.replace("%%", "%"))
                .toList();
    }

    /** Text lines as filled paragraphs, an empty line starting a new one. */
    private static String paragraphs(String[] lines) {
        StringBuilder out = new StringBuilder();
        for (String line : text(lines)) {
            out.append(line.isBlank() ? ".PP" : escape(line.strip())).append('\n');
        }
        return out.toString();
    }

    /** Text made safe for troff: backslashes and hyphens escaped, no line starting as a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
