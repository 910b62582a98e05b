package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The help as a user reads it in an 80-column terminal. */
class HelpLayoutTest {

    private static final List<List<String>> COMMANDS = List.of(List.of(), List.of("serve"), List.of("serve", "echo"),
            List.of("serve", "knock-knock"), List.of("serve", "chat"), List.of("serve", "daytime"),
            List.of("connect"), List.of("listen"), List.of("cert"), List.of("bench"));

    @Test
    void footersAreNeverBrokenMidLine() throws Exception {
        for (String line : List.of(
                "  fanout    chat room members: --senders of them send SIZE-byte lines, a chat",
                "            server relays each to every other member; deliveries per second",
                "  --tls     pingpong, stream, connect, idle over TLS (connect: full handshakes)")) {
            assertThat(help("bench").lines()).contains(line);
        }
        for (List<String> command : COMMANDS) {
            for (String line : help(command.toArray(String[]::new)).lines().toList()) {
                assertThat(line.length()).as("%s: %s", command, line).isLessThanOrEqualTo(80);
            }
        }
    }

    @Test
    void fileNamesStayWhole() throws Exception {
        assertThat(help("cert")).contains("(default: key.pem)", "(default: cert.pem)");
    }

    @Test
    void everyCommandWithATimeSaysABareNumberIsSeconds() throws Exception {
        for (String[] command : new String[][] {{"connect"}, {"listen"}, {"bench"}, {"serve", "echo"}, {"serve", "chat"}}) {
            assertThat(help(command)).as(String.join(" ", command)).contains(DurationHelp.NOTE);
        }
        assertThat(help("cert")).doesNotContain("TIME");
    }

    @Test
    void aServicesPortIsNotCalledTcpWhereItMayBeUdp() throws Exception {
        assertThat(help("serve", "daytime")).doesNotContain("TCP port").contains("Port to listen on");
    }

    private static String help(String... command) throws Exception {
        String[] args = Stream.concat(Arrays.stream(command), Stream.of("--help")).toArray(String[]::new);
        Run run = Run.of("", args);
        assertThat(run.exitCode()).isZero();
        return run.out();
    }
}
