package dev.netkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (nc, socat) with some standard input and collects its output, bounded in time. */
final class ExternalTool {

    private ExternalTool() {
    }

    static String run(String stdin, Duration timeout, String... command) throws Exception {
        return new String(runBytes(stdin, timeout, command), StandardCharsets.UTF_8);
    }

    static byte[] runBytes(String stdin, Duration timeout, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (.ci/run installs it): " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        return out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
