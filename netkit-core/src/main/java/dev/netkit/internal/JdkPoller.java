package dev.netkit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts the JDK's poller for virtual threads, which it otherwise starts at the first read that
 * parks. Starting needs descriptors (an epoll instance per poller): a server whose first
 * connections arrive while the process is out of descriptors would find it broken for good
 * ("Could not initialize class sun.nio.ch.Poller") and every NIO read after it failing. A server
 * starts it as it binds, while descriptors are there.
 */
final class JdkPoller {

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean started;

    private JdkPoller() {
    }

    /** Parks one virtual thread in a read on a pipe, once per process; cheap after the first call. */
    static void start() throws IOException {
        if (started) {
            return;
        }
        LOCK.lock();
        try {
            if (started) {
                return;
            }
            Pipe pipe = Pipe.open();
            try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
                Thread reader = Thread.ofVirtual().name("netkit-poller-start").start(() -> {
                    try {
                        source.read(ByteBuffer.allocate(1)); // parks: nothing written yet
                    } catch (IOException ignored) {
                        // the pipe closed: the poller started all the same
                    }
                });
                // Written after the reader parks or while it does; either way the read ends.
                while (reader.getState() != Thread.State.WAITING && reader.isAlive()) {
                    Thread.sleep(Duration.ofMillis(1)); // the caller may be a virtual thread too: no spinning
                }
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            started = true;
        } finally {
            LOCK.unlock();
        }
    }
}
