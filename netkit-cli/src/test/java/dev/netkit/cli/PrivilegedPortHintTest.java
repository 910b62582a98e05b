package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A classic service on its standard port fails to listen: for a user as "Permission denied" (a
 * port below 1024), for root when the port is taken. Either way the one line says to use --port.
 * The test takes 127.0.0.1:13 itself where it may, so the service cannot have it.
 */
class PrivilegedPortHintTest {

    private static final String HINT = " (port 13 is below 1024, which needs root: choose another with --port,"
            + " such as --port 10013)";

    @Test
    void daytimeOnItsStandardPortSaysToUsePortWhenItCannotListen() throws Exception {
        try (ServerSocketChannel taken = tryToTake(ServerSocketChannel.open())) {
            Run run = Run.of("", "serve", "daytime", "--host", "127.0.0.1");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err().lines().toList()).last().asString()
                    .startsWith("netkit: cannot listen on 127.0.0.1:13: ").endsWith(HINT);
        }
        try (DatagramChannel taken = tryToTake(DatagramChannel.open())) {
            Run run = Run.of("", "serve", "daytime", "--udp");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err().lines().toList()).last().asString().startsWith("netkit: ").endsWith(HINT);
        }
    }

    @Test
    void aPortGivenIsLeftAsItIs() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Run run = Run.of("", "serve", "daytime", "--host", "127.0.0.1", "--port", String.valueOf(port));
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).doesNotContain("--port").contains("cannot listen on 127.0.0.1:" + port);
        }
    }

    /** Binds 127.0.0.1:13 when this process may; a user's process may not, and neither may the service. */
    private static <C extends java.nio.channels.NetworkChannel> C tryToTake(C channel) throws IOException {
        try {
            channel.bind(new InetSocketAddress("127.0.0.1", 13));
        } catch (IOException e) {
            // taken already, or not ours to take: the service fails the same way
        }
        return channel;
    }
}
