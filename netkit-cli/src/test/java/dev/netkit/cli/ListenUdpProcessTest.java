package dev.netkit.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netkit listen --udp} as a process, with nc -u and socat sending. */
class ListenUdpProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void printsNcsDatagramsAndAnswersTheFirstSender() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "--udp", "127.0.0.1", "0");
             PeerProcess nc = PeerProcess.start("nc", "-u", "127.0.0.1", String.valueOf(listen.awaitPort()))) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            nc.send("ping\n");
            assertThat(stdio.awaitOutput("ping\n", WAIT)).isEqualTo("ping\n");
            listen.awaitErr("talking to 127.0.0.1:", WAIT);
            stdio.send("pong\n");
            assertThat(nc.awaitOutput("pong\n", WAIT)).isEqualTo("pong\n");
        }
    }

    /**
     * Multicast on the loopback interface: socat sends to the group through 127.0.0.1 and the
     * member prints it. Linux lets a socket join a group on lo although lo has no MULTICAST flag.
     */
    @Test
    void joinsAMulticastGroupOnLoopbackAndPrintsWhatIsSentToIt() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "--udp", "--join", "239.255.42.42",
                "--interface", "lo", "0")) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            int port = listen.awaitPort();
            assertThat(listen.awaitErr("receiving UDP on", WAIT)).contains("member of 239.255.42.42 on lo");
            ExternalTool.run("hello group\n", WAIT, "socat", "-u", "-",
                    "UDP4-DATAGRAM:239.255.42.42:" + port + ",ip-multicast-if=127.0.0.1,ip-multicast-loop=1");
            assertThat(stdio.awaitOutput("hello group\n", WAIT)).isEqualTo("hello group\n");
        }
    }
}
