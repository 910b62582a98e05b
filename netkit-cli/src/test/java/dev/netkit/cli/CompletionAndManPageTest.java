package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netkit completion} run by a real bash, and {@code netkit manpage} rendered by groff. */
class CompletionAndManPageTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> COMMANDS = List.of("serve", "connect", "cert", "bench", "completion");

    /** What bash completes for {@code line} with netkit's script loaded. */
    private static List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String out = ExternalTool.run("", WAIT, "bash", "-c", "source " + script + " 2>/dev/null; COMP_WORDS=(" + line + ");"
                + " COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE};"
                + " _complete_netkit 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void bashCompletesCommandsAndOptions(@TempDir Path dir) throws Exception {
        Run bash = Run.of("", "completion", "bash");
        assertThat(bash.exitCode()).isZero();
        Path script = dir.resolve("netkit_completion");
        Files.writeString(script, bash.out());
        assertThat(complete(script, "netkit", "co")).containsExactlyInAnyOrder("connect", "completion");
        assertThat(complete(script, "netkit", "connect", "--prox")).containsExactlyInAnyOrder("--proxy", "--proxy-type", "--proxy-auth");
        assertThat(complete(script, "netkit", "serve", "kn")).containsExactly("knock-knock");
    }

    @Test
    void zshGetsTheSameScriptWhichLoadsBashcompinitItself() throws Exception {
        Run zsh = Run.of("", "completion", "zsh");
        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).isEqualTo(Run.of("", "completion", "bash").out()).contains("bashcompinit");
        assertThat(Run.of("", "completion", "fish").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void manPagesRenderWithoutWarningsAndNameEveryCommand(@TempDir Path dir) throws Exception {
        Run run = Run.of("", "manpage", dir.toString());
        assertThat(run.exitCode()).isZero();
        List<Path> pages;
        try (Stream<Path> files = Files.list(dir)) {
            pages = files.sorted().toList();
        }
        assertThat(pages).extracting(p -> p.getFileName().toString())
                .contains("netkit.1", "netkit-connect.1", "netkit-serve.1", "netkit-serve-echo.1", "netkit-completion.1")
                .doesNotContain("netkit-manpage.1");
        for (Path page : pages) {
            String warnings = ExternalTool.run("", WAIT, "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
            assertThat(warnings).as("groff on " + page.getFileName()).isEmpty();
        }
        String top = ExternalTool.run("", WAIT, "groff", "-man", "-Tutf8", "-P", "-cbou", dir.resolve("netkit.1").toString());
        assertThat(top).contains("NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS");
        for (String command : COMMANDS) {
            assertThat(top).contains("netkit-" + command + "(1)");
        }
        String connect = ExternalTool.run("", WAIT, "groff", "-man", "-Tutf8", "-P", "-cbou", dir.resolve("netkit-connect.1").toString());
        assertThat(connect).contains("--proxy HOST:PORT", "-z, --scan", "-x, --hex-dump FILE");
        assertThat(Run.of("", "--help").out()).doesNotContain("manpage");
    }
}
