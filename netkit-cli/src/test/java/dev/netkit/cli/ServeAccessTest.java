package dev.netkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may connect to {@code serve}: real {@code nc} peers from 127.0.0.1 and 127.0.0.2. */
class ServeAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What {@code nc -N -s SOURCE} gets from the echo server after sending one line. */
    private static String nc(String source, int port) throws Exception {
        return ExternalTool.run("hello\n", WAIT, "nc", "-N", "-w", "10", "-s", source, "127.0.0.1", String.valueOf(port));
    }

    /**
     * What {@code nc -N -s SOURCE} gets when it sends nothing: a server that lets it in greets it
     * before it sees the end of its input. (Nothing to send: a refused nc may be gone before its input is written.)
     */
    private static String refusedNc(String source, int port) throws Exception {
        return ExternalTool.run("", WAIT, "nc", "-N", "-w", "10", "-s", source, "127.0.0.1", String.valueOf(port));
    }

    @Test
    void aDeniedAddressIsRefusedAndLogged(@TempDir Path dir) throws Exception {
        Path denyFile = dir.resolve("deny.txt");
        Files.writeString(denyFile, "# abusers\n127.0.0.2/32\n\n");
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--deny-file", denyFile.toString())) {
            int port = echo.awaitPort();
            assertThat(refusedNc("127.0.0.2", port)).doesNotContain("Welcome");
            assertThat(echo.awaitErr("refused", WAIT)).contains("127.0.0.2").contains("denied");
            assertThat(nc("127.0.0.1", port)).contains("Welcome to echo server!\nEcho: hello");
        }
    }

    @Test
    void anAllowListLetsInOnlyItsRanges() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--allow", "127.0.0.2")) {
            int port = echo.awaitPort();
            assertThat(refusedNc("127.0.0.1", port)).doesNotContain("Welcome");
            assertThat(nc("127.0.0.2", port)).contains("Echo: hello");
        }
    }

    @Test
    void anAddressOverItsCapIsRefused() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--max-per-address", "1", "--max-rate", "100/s");
             Socket held = new Socket()) {
            int port = echo.awaitPort();
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            held.connect(new InetSocketAddress("127.0.0.1", port));
            assertThat(new String(held.getInputStream().readNBytes(8))).isEqualTo("Welcome ");
            assertThat(refusedNc("127.0.0.1", port)).doesNotContain("Welcome");
            assertThat(echo.awaitErr("refused", WAIT)).contains("127.0.0.1").contains("over the per-address limit");
            assertThat(nc("127.0.0.2", port)).contains("Echo: hello");
        }
    }

    @Test
    void unixModeSetsTheSocketFilesPermissions(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("echo.sock");
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--unix", socket.toString(), "--unix-mode", "0660")) {
            echo.awaitErr("listening on", WAIT);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            assertThat(ExternalTool.run("hi\n", WAIT, "nc", "-N", "-w", "10", "-U", socket.toString())).contains("Echo: hi");
        }
    }
}
