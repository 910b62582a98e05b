package dev.netkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One of the Node.js tour's own programs, run with {@code node} as a child process: the interop
 * tests hold netkit to what the tour's programs actually do, not to our reading of them.
 */
final class NodeProgram implements AutoCloseable {

    private final Process process;
    private final Transcript stdout;
    private final Transcript stderr;

    private NodeProgram(Process process) {
        this.process = process;
        this.stdout = Transcript.of(process.getInputStream());
        this.stderr = Transcript.of(process.getErrorStream());
    }

    /**
     * Writes the tour's program {@code name} (a test resource copied verbatim from the tour) into
     * {@code dir}, changing only its port number from {@code tourPort} to {@code port}, and runs it.
     */
    static NodeProgram start(Path dir, String name, int tourPort, int port, String... args) throws IOException {
        String script;
        try (InputStream in = NodeProgram.class.getResourceAsStream("/node-tour/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource node-tour/" + name);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String patched = script.replace("(" + tourPort + ",", "(" + port + ",");
        if (patched.equals(script)) {
            throw new IllegalStateException("node-tour/" + name + " has no port " + tourPort + " to change");
        }
        Path file = Files.writeString(dir.resolve(name), patched);
        List<String> command = new ArrayList<>(List.of("node", file.toString()));
        command.addAll(List.of(args));
        try {
            return new NodeProgram(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new AssertionError("cannot run 'node': the interop tests need Node.js (20 or newer) on the PATH ("
                    + e.getMessage() + ")", e);
        }
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    Transcript stdout() {
        return stdout;
    }

    /** Waits for the program to exit and for all of its output; returns the exit code. */
    int awaitExit() throws InterruptedException, TimeoutException {
        if (!process.waitFor(Transcript.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new TimeoutException("node did not exit; stdout: \"" + stdout.text()
                    + "\", stderr: \"" + stderr.text() + "\"");
        }
        stdout.awaitEnd();
        stderr.awaitEnd();
        return process.exitValue();
    }

    String stderrText() {
        return stderr.text();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(Transcript.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
