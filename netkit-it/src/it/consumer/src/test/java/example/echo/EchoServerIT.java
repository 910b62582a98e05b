package example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged echo server as its users would: {@code java -p <jar and its dependencies> -m
 * example.echo/example.echo.EchoServer}, with and without native access for the epoll module, and
 * talks to it over loopback.
 */
@Timeout(60)
class EchoServerIT {

    private static final String NATIVE_ACCESS = "--enable-native-access=dev.netkit.transport.epoll";
    private static final Pattern STARTED = Pattern.compile("port (\\d+) transport (\\w+)");

    @TempDir
    Path dir;

    @Test
    void echoesOnEpollWhenTheModuleMayCallNativeCode() throws Exception {
        assumeEpollCanRun();
        Run run = start(List.of(NATIVE_ACCESS));
        try {
            assertEquals("epoll", run.transport, "Server#transportName()");
            assertEchoes(run.port);
            String log = run.log();
            assertTrue(log.contains("(transport epoll"), "the listening line names epoll:\n" + log);
            assertFalse(log.contains("WARNING"), "no warning with native access enabled:\n" + log);
        } finally {
            run.stop();
        }
    }

    @Test
    void fallsBackToNioWithOneWarningWithoutNativeAccess() throws Exception {
        assumeEpollCanRun();
        Run run = start(List.of());
        try {
            assertEquals("nio", run.transport, "Server#transportName()");
            assertEchoes(run.port);
            String log = run.log();
            long warnings = log.lines().filter(l -> l.contains(NATIVE_ACCESS)).count();
            assertEquals(1, warnings, "one line names the missing flag:\n" + log);
            assertTrue(log.contains("(transport nio"), "the listening line names nio:\n" + log);
        } finally {
            run.stop();
        }
    }

    /** The epoll transport runs on Linux with JDK 22 or newer; elsewhere there is nothing to check. */
    private static void assumeEpollCanRun() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "epoll is Linux only");
        assumeTrue(Runtime.version().feature() >= 22, "epoll needs JDK 22 or newer");
    }

    private static void assertEchoes(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertEquals("Welcome to echo server!", in.readLine());
            out.write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("Echo: hello", in.readLine());
            assertEquals("Echo: world", in.readLine());
            socket.shutdownOutput();
            assertNull(in.readLine(), "the server closes once the client is done");
        }
    }

    private Run start(List<String> jvmOptions) throws IOException {
        String modulePath = System.getProperty("echo.jar") + File.pathSeparator + System.getProperty("echo.modules");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--module-path", modulePath, "--module", "example.echo/example.echo.EchoServer", "0"));
        Path log = Files.createTempFile(dir, "server", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null) {
            process.destroy();
            throw new AssertionError("the server ended before it started: " + command + "\n" + Files.readString(log));
        }
        Matcher m = STARTED.matcher(first);
        assertTrue(m.matches(), "unexpected first line: " + first);
        return new Run(process, Integer.parseInt(m.group(1)), m.group(2), log);
    }

    private record Run(Process process, int port, String transport, Path logFile) {
        String log() throws IOException {
            return Files.readString(logFile);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
