package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code netkit listen} with a wrong command line: one line, exit 2, nothing listens. */
class ListenUsageTest {

    static Stream<Arguments> wrongCommandLines() {
        return Stream.of(
                arguments("Missing PORT, or --unix PATH", new String[] {"listen"}),
                arguments("Invalid PORT: '70000' is out of range (0-65535)", new String[] {"listen", "70000"}),
                arguments("--unix and [HOST] PORT do not go together (a Unix socket has a path, not an address)",
                        new String[] {"listen", "--unix", "x.sock", "9000"}),
                arguments("--exec and --sh-exec do not go together (one program per connection)",
                        new String[] {"listen", "--exec", "cat", "--sh-exec", "cat", "9000"}),
                arguments("--broker and --exec do not go together (a broker relays between the connections themselves)",
                        new String[] {"listen", "--broker", "--exec", "cat", "9000"}),
                arguments("--exec: unclosed ' in 'echo 'hi'", new String[] {"listen", "--exec", "echo 'hi", "9000"}),
                arguments("--max-connections needs --exec, --sh-exec or --broker (otherwise one connection at a time)",
                        new String[] {"listen", "-k", "--max-connections", "5", "9000"}),
                arguments("--join needs --udp", new String[] {"listen", "--join", "239.1.2.3", "9000"}),
                arguments("--udp and --broker do not go together (UDP has no connections)",
                        new String[] {"listen", "--udp", "--broker", "9000"}),
                arguments("--udp and --tls do not go together (DTLS is not supported)",
                        new String[] {"listen", "--udp", "--tls", "9000"}),
                arguments("--join: 10.1.2.3 is not a multicast address (224.0.0.0/4 or ff00::/8)",
                        new String[] {"listen", "--udp", "--join", "10.1.2.3", "9000"}),
                arguments("--join and HOST do not go together (a group's member listens on every address)",
                        new String[] {"listen", "--udp", "--join", "239.1.2.3", "127.0.0.1", "9000"}),
                arguments("--interface needs --join", new String[] {"listen", "--udp", "--interface", "lo", "9000"}));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongCommandLines")
    void isOneLineAndExitCodeTwo(String message, String[] args) throws Exception {
        Run run = Run.of("", args);
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("netkit listen: " + message,
                "Try 'netkit listen --help' for more information.");
    }
}
