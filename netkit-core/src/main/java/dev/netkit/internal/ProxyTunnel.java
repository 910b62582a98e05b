package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.Proxy;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens a tunnel through a proxy on a channel already connected to it, before TLS or the caller
 * sees the channel. The exchange is bounded in time: a virtual thread aborts the channel at the
 * deadline, which wakes the blocked read.
 *
 * <p>Threading: runs on the connecting thread.
 */
public final class ProxyTunnel {

    private ProxyTunnel() {
    }

    /**
     * Asks the proxy for a tunnel to {@code destination}; on return the channel carries the
     * destination's bytes.
     *
     * @param channel connected to the proxy; aborted when the proxy refuses or the time runs out
     * @param proxy the proxy and how to speak to it
     * @param destination where the tunnel goes; its host name is sent for the proxy to resolve
     * @param timeout how long the exchange may take: what is left of the connect timeout
     * @throws dev.netkit.ProxyRefusedException when the proxy answers no
     * @throws SocketTimeoutException when the proxy does not answer in time
     * @throws IOException when the proxy closes or speaks another protocol
     */
    public static void open(StreamChannel channel, Proxy proxy, Endpoint.Tcp destination, Duration timeout)
            throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("netkit-proxy-watchdog").start(() -> {
            try {
                Thread.sleep(timeout);
                timedOut.set(true);
                channel.abort();
            } catch (InterruptedException e) {
                // answered in time
            }
        });
        try {
            switch (proxy.type()) {
                case SOCKS5 -> Socks5Handshake.run(channel, proxy, destination);
                case SOCKS4 -> Socks4Handshake.run(channel, proxy, destination);
                case HTTP -> HttpConnectHandshake.run(channel, proxy, destination);
            }
        } catch (IOException | RuntimeException e) {
            channel.abort();
            if (timedOut.get()) {
                throw new SocketTimeoutException(proxy + " did not open a tunnel to " + destination
                        + " before the connect timeout");
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    /** Reads exactly {@code length} bytes, or fails naming the proxy that closed. */
    static byte[] readExactly(StreamChannel channel, int length, Proxy proxy) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int n = channel.read(bytes, done, length - done);
            if (n < 0) {
                throw new EOFException(proxy + " closed the connection during its handshake");
            }
            done += n;
        }
        return bytes;
    }

    /** The host as a proxy wants it: what was given, or {@code localhost} for none. */
    static String host(Endpoint.Tcp destination) {
        return destination.connectHost();
    }
}
