package dev.netkit.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A blocking connect bounded in time, for channels whose socket adaptor cannot take a timeout
 * (Unix domain sockets, whose connect waits while the server's backlog is full): a virtual thread
 * closes the channel at the deadline, which ends the connect.
 */
final class ConnectWatchdog {

    private ConnectWatchdog() {
    }

    static void connect(SocketChannel channel, SocketAddress address, Duration timeout, String where) throws IOException {
        if (timeout.isZero() || timeout.isNegative()) {
            channel.connect(address);
            return;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("netkit-connect-watchdog").start(() -> {
            try {
                Thread.sleep(timeout);
                timedOut.set(true);
                channel.close();
            } catch (InterruptedException | IOException e) {
                // connected (or failed) in time: nothing to do
            }
        });
        try {
            channel.connect(address);
        } catch (ClosedChannelException e) {
            if (timedOut.get()) {
                throw new SocketTimeoutException("connect to " + where + " timed out after " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
        if (timedOut.get()) {
            throw new SocketTimeoutException("connect to " + where + " timed out after " + timeout.toMillis() + " ms");
        }
    }
}
