package dev.netkit.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The real {@code openssl} binary, run from tests: one-shot commands and interactive s_client/s_server. */
final class OpenSsl {

    private OpenSsl() {
    }

    /** Runs {@code openssl args...} in {@code dir}; fails with its output unless it exits 0 within 30 s. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Session session = start(dir, args);
        session.input().close();
        int exit = session.waitFor(Duration.ofSeconds(30));
        if (exit != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " exited " + exit + ":\n" + session.output());
        }
        return session.output();
    }

    static Session start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        return new Session(process);
    }

    /** A running openssl process whose output (stdout and stderr) is collected as it comes. */
    static final class Session implements AutoCloseable {
        private final Process process;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition grew = lock.newCondition();
        private final Thread collector;

        Session(Process process) {
            this.process = process;
            this.collector = Thread.ofVirtual().start(this::collect);
        }

        private void collect() {
            byte[] buffer = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    lock.lock();
                    try {
                        output.write(buffer, 0, n);
                        grew.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        OutputStream input() {
            return process.getOutputStream();
        }

        void send(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        String output() {
            lock.lock();
            try {
                return output.toString(StandardCharsets.UTF_8);
            } finally {
                lock.unlock();
            }
        }

        /** Waits until the output contains {@code text}; fails with the output so far after {@code timeout}. */
        String await(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            lock.lock();
            try {
                while (!output.toString(StandardCharsets.UTF_8).contains(text)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no \"" + text + "\" from openssl within " + timeout + "; output:\n" + output);
                    }
                    grew.awaitNanos(left);
                }
                return output.toString(StandardCharsets.UTF_8);
            } finally {
                lock.unlock();
            }
        }

        /**
         * The exit code, once the output has been collected to its end; the process is killed if
         * it has not ended within {@code timeout}.
         */
        int waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not end within " + timeout + "; output:\n" + output());
            }
            // The process may end before the collecting thread has read what it wrote last.
            if (!collector.join(timeout)) {
                throw new AssertionError("openssl's output did not end within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
