package dev.netkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes seen so far on one stream (a socket, a program's output), with bounded waits for what a
 * test expects: waiting on a condition, never sleeping and polling. Thread-safe.
 */
final class Transcript extends OutputStream {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private byte[] bytes = new byte[0];
    private boolean ended;

    /** A transcript filled from {@code in} by a virtual thread until the stream ends or fails. */
    static Transcript of(InputStream in) {
        Transcript transcript = new Transcript();
        Thread.ofVirtual().name("transcript").start(() -> {
            // Not closed here: closing a connection's input closes the connection, as with a Socket.
            try {
                in.transferTo(transcript);
            } catch (IOException e) {
                // A reset or a close ends the transcript just as an orderly end does.
            } finally {
                transcript.close();
            }
        });
        return transcript;
    }

    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        lock.lock();
        try {
            int old = bytes.length;
            bytes = Arrays.copyOf(bytes, old + len);
            System.arraycopy(b, off, bytes, old, len);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the end of the stream. */
    @Override
    public void close() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    byte[] bytes() {
        lock.lock();
        try {
            return bytes.clone();
        } finally {
            lock.unlock();
        }
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Waits until the text contains {@code expected}; returns the whole text. */
    String awaitContains(String expected) throws InterruptedException, TimeoutException {
        return awaitUntil(() -> text().contains(expected), "\"" + expected + "\"");
    }

    /** Waits until the text contains {@code needle} at least {@code times} times; returns the whole text. */
    String awaitCount(String needle, int times) throws InterruptedException, TimeoutException {
        return awaitUntil(() -> text().split(java.util.regex.Pattern.quote(needle), -1).length > times,
                times + " times \"" + needle + "\"");
    }

    /** Waits until at least {@code count} bytes have arrived; returns them all. */
    byte[] awaitBytes(int count) throws InterruptedException, TimeoutException {
        awaitUntil(() -> bytes.length >= count, count + " bytes");
        return bytes();
    }

    /** Waits for the end of the stream; returns the whole text. */
    String awaitEnd() throws InterruptedException, TimeoutException {
        return awaitUntil(() -> ended, "the end of the stream");
    }

    private String awaitUntil(java.util.function.BooleanSupplier done, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("waited " + WAIT.toSeconds() + " s for " + what + ", got: \""
                            + new String(bytes, StandardCharsets.UTF_8) + "\"" + (ended ? " and the end" : ""));
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }
}
