package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A wrong command line, whatever the command: one line that names the command and says what is
 * wrong in option names, then a pointer to the help, and exit code 2; nothing runs.
 */
class UsageErrorTest {

    static Stream<Arguments> wrongCommandLines() {
        return Stream.of(
                arguments("netkit serve echo", "--udp and --tls do not go together (DTLS is not supported)",
                        new String[] {"serve", "echo", "--udp", "--tls"}),
                arguments("netkit serve echo", "--cert needs --tls",
                        new String[] {"serve", "echo", "--cert", "x.pem"}),
                arguments("netkit serve echo", "Invalid value for option '--max-connections': '0' is out of range (1 or more)",
                        new String[] {"serve", "echo", "--max-connections", "0"}),
                arguments("netkit serve daytime", "--udp and --unix do not go together (UDP runs over IP)",
                        new String[] {"serve", "daytime", "--udp", "--unix", "daytime.sock"}),
                arguments("netkit serve knock-knock", "--client-auth require needs --client-ca",
                        new String[] {"serve", "knock-knock", "--tls", "--client-auth", "require"}),
                arguments("netkit connect", "--insecure and --ca do not go together (--insecure verifies no certificate)",
                        new String[] {"connect", "--tls", "--insecure", "--ca", "x.pem", "localhost", "1"}),
                arguments("netkit connect", "--ca and --insecure need --tls",
                        new String[] {"connect", "--insecure", "--ca", "x.pem", "localhost", "1"}),
                arguments("netkit connect", "--unix and HOST PORT do not go together (a Unix socket has a path, not an address)",
                        new String[] {"connect", "--unix", "echo.sock", "localhost", "1"}),
                arguments("netkit serve echo", "--line-timeout and --raw do not go together (raw echo reads no lines)",
                        new String[] {"serve", "echo", "--raw", "--line-timeout", "5s"}),
                arguments("netkit connect", "--udp and --idle-timeout do not go together"
                                + " (with --udp, --timeout bounds the wait for replies)",
                        new String[] {"connect", "--udp", "--idle-timeout", "5s", "localhost", "1"}),
                arguments("netkit connect", "Invalid value for option '--timeout': '0' is out of range (more than 0)",
                        new String[] {"connect", "--timeout", "0", "localhost", "1"}),
                arguments("netkit cert", "Invalid value for option '--days': '0' is out of range (1 or more)",
                        new String[] {"cert", "--days", "0"}),
                arguments("netkit bench", "--tls is for pingpong, stream, connect and idle, not fanout",
                        new String[] {"bench", "fanout", "9000", "--tls"}),
                arguments("netkit serve", "Unmatched argument at index 1: 'ech' (did you mean echo or chat or chargen?)",
                        new String[] {"serve", "ech"}));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("wrongCommandLines")
    void isOneLineAndAPointerToTheHelp(String command, String message, String[] args) throws Exception {
        Run run = Run.of("", args);
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                command + ": " + message,
                "Try '" + command + " --help' for more information.");
        // No Java names: a field (maxConnections) or a Duration (PT0S) would be camel case or all caps.
        assertThat(run.err()).doesNotContainPattern("\\b[a-z]+[A-Z]\\w*|PT\\d|Exception");
    }

    @Test
    void aHelpRequestWinsOverOptionsThatDoNotFit() throws Exception {
        Run run = Run.of("", "serve", "echo", "--udp", "--tls", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: netkit serve echo");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyHelpListsTheExitCodesLast() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"serve", "echo", "--help"}, {"connect", "--help"},
                {"bench", "--help"}, {"serve", "time", "--help"}}) {
            Run help = Run.of("", args);
            assertThat(help.exitCode()).isZero();
            String exitCodes = help.out().substring(help.out().indexOf("\nExit codes:\n"));
            assertThat(exitCodes).as(String.join(" ", args))
                    .contains("\n  0 ", "\n  1 ", "\n  2 ", "\n  130 ")
                    .doesNotContain("Examples:", "Modes:");
        }
    }
}
