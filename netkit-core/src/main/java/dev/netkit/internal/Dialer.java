package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Connects a client: to the first address of a host name that answers, as nc does
 * ({@code localhost} may be {@code ::1} and {@code 127.0.0.1}, and a server may listen on only one
 * of them), from a source address when one is given.
 *
 * @param transport the transport to connect on
 * @param options the socket's options, the local address to connect from among them
 * @param timeout how long connecting may take in all
 */
public record Dialer(Transport transport, SocketOptions options, Duration timeout) {

    /**
     * Connects to {@code endpoint}.
     *
     * @param endpoint a TCP or Unix endpoint
     * @return the connected channel
     * @throws IOException when no address answers in time; the message names the destination
     */
    public StreamChannel connect(Endpoint endpoint) throws IOException {
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            return transport.connect(endpoint, timeout, options);
        }
        InetSocketAddress source = options.source();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(tcp.connectHost());
        } catch (UnknownHostException e) {
            throw new UnknownHostException("unknown host: " + tcp.connectHost());
        }
        if (source != null && !source.getAddress().isAnyLocalAddress()) {
            boolean ipv6 = source.getAddress() instanceof Inet6Address;
            addresses = Arrays.stream(addresses).filter(a -> a instanceof Inet6Address == ipv6).toArray(InetAddress[]::new);
            if (addresses.length == 0) {
                throw new ConnectException("cannot connect from " + source.getHostString() + " to " + tcp.connectHost()
                        + ": it has no " + (ipv6 ? "IPv6" : "IPv4") + " address");
            }
        }
        if (addresses.length == 1) {
            return transport.connect(endpoint, timeout, options);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectException refused = null;
        for (InetAddress address : addresses) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                return transport.connect(Endpoint.tcp(address.getHostAddress(), tcp.port()), Duration.ofNanos(left), options);
            } catch (ConnectException e) {
                refused = e; // nothing listens at this address: try the next one
            }
        }
        if (refused == null) {
            throw new SocketTimeoutException("connect to " + tcp.connectHost() + ":" + tcp.port()
                    + " timed out after " + timeout.toMillis() + " ms");
        }
        ConnectException e = new ConnectException("connection refused: " + tcp.connectHost() + ":" + tcp.port());
        e.initCause(refused);
        throw e;
    }
}
