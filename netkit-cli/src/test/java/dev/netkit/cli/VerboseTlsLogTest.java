package dev.netkit.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -v} on a TLS server: netkit's debug lines, not the JDK's own TLS event records. */
class VerboseTlsLogTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void verboseShowsNetkitsDebugLinesButNotTheJdksTlsEvents() throws Exception {
        try (NetkitProcess listen = NetkitProcess.start("listen", "--tls", "-v", "127.0.0.1", "0")) {
            PeerProcess stdio = PeerProcess.of(listen.process);
            int port = listen.awaitPort();
            stdio.send("from the listener\n");
            stdio.closeInput();
            String got = ExternalTool.run("over TLS\n", WAIT, "openssl", "s_client", "-quiet", "-connect",
                    "127.0.0.1:" + port);
            assertThat(got).contains("from the listener\n");
            assertThat(listen.awaitExit(WAIT)).isZero();
            assertThat(listen.awaitAllErr(WAIT)).anyMatch(line -> line.contains("#1 closed"))
                    .noneMatch(line -> line.contains("TLSHandshake"))
                    .noneMatch(line -> line.contains("X509Certificate:"));
        }
    }
}
