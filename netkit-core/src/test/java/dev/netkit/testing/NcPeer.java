package dev.netkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nc} (OpenBSD) connected from a chosen loopback source address, its standard input
 * held open so that the connection lasts until the server ends it or {@link #close()}.
 */
public final class NcPeer implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private NcPeer(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(this::collect);
    }

    /** {@code nc -s source 127.0.0.1 port}; fails clearly when nc is not installed. */
    public static NcPeer connect(String source, int port) throws IOException {
        try {
            return new NcPeer(new ProcessBuilder("nc", "-s", source, "127.0.0.1", String.valueOf(port))
                    .redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IOException("cannot run nc (OpenBSD netcat, Debian package netcat-openbsd): " + e.getMessage(), e);
        }
    }

    private void collect() {
        byte[] buffer = new byte[1024];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    output.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // nc ended
        }
    }

    /** What nc printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until nc prints {@code text}; fails with what it printed after {@code timeout}. */
    public NcPeer awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("nc did not print \"" + text + "\" within " + timeout + "; it printed: " + output());
            }
            Thread.sleep(5);
        }
        return this;
    }

    /** Waits for nc to end, which it does once the server closes the connection; its output. */
    public String awaitEnd(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("nc still connected after " + timeout + "; it printed: " + output());
        }
        reader.join(timeout);
        return output();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until nc prints {@code text} or ends, whichever comes first; what it printed. */
    public String awaitOutputOrEnd(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !output().contains(text)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("nc neither printed \"" + text + "\" nor ended within " + timeout);
            }
            Thread.sleep(5);
        }
        if (!process.isAlive()) {
            reader.join(timeout); // what it printed last
        }
        return output();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
