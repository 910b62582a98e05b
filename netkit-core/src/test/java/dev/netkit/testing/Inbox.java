package dev.netkit.testing;

import dev.netkit.Connection;
import dev.netkit.framing.LineReader;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** The lines a client connection receives, read on a virtual thread of their own; every wait is bounded. */
public final class Inbox {

    public static final long WAIT_SECONDS = 30;
    private static final String END = new String("end of stream");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public Inbox(Connection connection) {
        Thread.ofVirtual().name("inbox-" + connection.id()).start(() -> {
            LineReader reader = LineReader.lenient(connection.input(), 1 << 20);
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // a reset or a close ends the inbox like an end of stream
            } finally {
                lines.add(END);
            }
        });
    }

    /** The next line; fails the test when none comes in time or the stream ended. */
    public String next() throws InterruptedException {
        String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            fail("no line within " + WAIT_SECONDS + " s");
        }
        if (line == END) {
            fail("the stream ended");
        }
        return line;
    }

    /** The next line if one comes within {@code wait}, else null; fails the test when the stream ended. */
    public String poll(java.time.Duration wait) throws InterruptedException {
        String line = lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (line == END) {
            fail("the stream ended");
        }
        return line;
    }

    /** Waits for the end of the stream, skipping what comes before it; fails on a timeout. */
    public void awaitEnd() throws InterruptedException {
        String line;
        do {
            line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                fail("the stream did not end within " + WAIT_SECONDS + " s");
            }
        } while (line != END);
    }
}
