package dev.netkit.cli;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code listen -k}: one standard input for connections served one after another. Each chunk read
 * goes to the connection of the moment; a chunk read while none is open waits for the next one
 * (the input is not read further meanwhile), and one whose connection failed under it goes to the
 * next one, so no input is dropped between connections. Once the input has ended, the connection
 * of the moment and every later one is half-closed as soon as it is attached.
 *
 * <p>Threads: one platform daemon thread reads the input and sends; {@link #attach} and
 * {@link #detach} are called by the connections' threads.
 */
final class SharedInput {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final InputStream input;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition attached = lock.newCondition();
    private Connection current;
    private boolean ended;

    private SharedInput(InputStream input) {
        this.input = input;
    }

    /**
     * Starts reading {@code input} for the connections to come.
     *
     * @param input standard input
     * @return the shared input
     */
    static SharedInput start(InputStream input) {
        SharedInput shared = new SharedInput(input);
        Thread.ofPlatform().daemon().name("netkit-stdin").start(shared::pump);
        return shared;
    }

    /** Makes {@code conn} the one that receives the input, half-closing it if the input has ended. */
    void attach(Connection conn) throws IOException {
        lock.lock();
        try {
            current = conn;
            attached.signalAll();
            if (ended) {
                conn.shutdownOutput();
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code conn} is done: input read from now on waits for the next connection. */
    void detach(Connection conn) {
        lock.lock();
        try {
            if (current == conn) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void pump() {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            int n;
            while ((n = input.read(buffer)) >= 0) {
                deliver(Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            // standard input failed: treated as its end
        } catch (InterruptedException e) {
            return;
        }
        end();
    }

    /** Sends {@code chunk} to the connection of the moment, waiting for one, trying the next if it fails. */
    private void deliver(byte[] chunk) throws InterruptedException {
        while (true) {
            Connection conn = awaitConnection();
            try {
                conn.send(chunk);
                return;
            } catch (IOException e) {
                detach(conn); // that peer is gone; the chunk waits for the next one
            }
        }
    }

    private Connection awaitConnection() throws InterruptedException {
        lock.lock();
        try {
            while (current == null) {
                attached.await();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    private void end() {
        lock.lock();
        try {
            ended = true;
            if (current != null) {
                current.shutdownOutput();
            }
        } catch (IOException e) {
            // that peer is gone
        } finally {
            lock.unlock();
        }
    }
}
