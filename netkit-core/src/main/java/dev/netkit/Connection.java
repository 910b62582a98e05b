package dev.netkit;

import dev.netkit.framing.LineReader;
import dev.netkit.proxy.ProxyHeader;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * One open stream connection (TCP, Unix domain socket, either with or without TLS).
 *
 * <p>Threading: reading ({@link #input()}, {@link #lines()}) is done by one thread at a time,
 * normally the handler's. Writing ({@link #output()}, {@link #send}, {@link #flush()}) may be done by
 * several threads; each call is atomic with respect to the others. {@link #close()} and
 * {@link #abort()} may be called from any thread and wake a thread blocked in a read or a write.
 *
 * <p>Input is buffered with a buffer that starts small and grows only while reads fill it, so an
 * idle connection costs little memory. Output is buffered until {@link #flush()}; {@code send}
 * writes and flushes.
 */
public interface Connection extends AutoCloseable {

    /** The longest line {@link #lines()} accepts, in bytes. */
    int DEFAULT_MAX_LINE = 8 * 1024;

    /** A number unique among the connections of this process, for logs. */
    long id();

    /**
     * The bytes from the peer. Reads block until data arrives; -1 means the peer ended its output.
     * As with a socket's stream, closing it closes the whole connection.
     */
    InputStream input();

    /** Buffered output to the peer: call {@link #flush()} (or use {@link #send}) to push it out. */
    OutputStream output();

    /** Writes {@code text} as UTF-8 and flushes. Blocks while the peer is slow to read. */
    void send(String text) throws IOException;

    /** Writes {@code bytes} and flushes. Blocks while the peer is slow to read. */
    void send(byte[] bytes) throws IOException;

    /** Writes out whatever {@link #output()} holds. */
    void flush() throws IOException;

    /**
     * The lines from the peer, lenient (LF or CRLF, a last line without a line break counts), each at
     * most {@link #DEFAULT_MAX_LINE} bytes. Iteration ends when the peer ends its output; an I/O error
     * or a line over the maximum is thrown as an {@link java.io.UncheckedIOException}.
     */
    default Iterable<String> lines() {
        return lines(DEFAULT_MAX_LINE);
    }

    /** As {@link #lines()} with a maximum line length of {@code maxLength} bytes. */
    default Iterable<String> lines(int maxLength) {
        return LineReader.lenient(input(), maxLength);
    }

    /**
     * Copies bytes that have arrived to {@code out} through this connection's own input buffer, and
     * flushes them. Blocks only while nothing at all has arrived; returns the number of bytes
     * copied, or -1 at end of stream. On the epoll transport it goes on until input runs dry, and
     * while {@code out} is this connection's own output and the peer is slow to read, it reads on
     * and sends what piled up in one write, as an event loop does. With {@link #resumeOnInput} it makes a relay that holds no thread while
     * the peer is quiet; {@code input().transferTo(out)} is the same relay until end of stream.
     */
    long transferAvailableTo(OutputStream out) throws IOException;

    /**
     * Relays this connection and {@code other} into each other, both ways, and returns when both
     * directions have ended: a proxy, a port forward, a TLS terminator. When one side ends its
     * output, the other side's output is shut down (the half-close passes through) and the other
     * direction goes on until it ends too; the caller then closes both. On the epoll transport,
     * between two plain (not TLS) sockets, a running stream moves through a kernel pipe with
     * {@code splice(2)} and never reaches the heap; elsewhere (NIO, TLS, one of each) the bytes go
     * through each input's own bounded buffer. Either way a side that reads slowly holds the other
     * side back: nothing piles up without bound.
     *
     * <p>The calling thread relays this connection's input; a virtual thread relays the other's.
     * Neither connection may be read by anyone else meanwhile; writing to them from other threads
     * stays safe, each call atomic as always.
     *
     * @param other the connection to relay with; not this one
     * @throws IOException when a direction failed (a peer reset, say); both connections are then
     *         aborted, so that neither peer can take a cut stream for a whole one
     * @throws IllegalArgumentException when {@code other} is this connection
     */
    void relay(Connection other) throws IOException;

    /**
     * Hands this connection's thread back until the peer sends more: once the handler returns, the
     * server keeps the connection open without a thread, a stack or a read buffer, and runs
     * {@code next} on a new virtual thread when bytes arrive, the peer ends its output, or the
     * connection fails. Buffered output is flushed first. This is how a server holds many mostly
     * silent connections cheaply (a parked handler keeps its stack: one to a few KiB each).
     *
     * <p>Call it last in a server's handler, after reading everything the handler meant to read; the
     * handler must then return without touching the connection. Where waiting without a thread is
     * not possible (the NIO transport, TLS), the same thread waits for that input and then runs
     * {@code next}; where input may already be waiting, {@code next} runs at once. So a handler
     * written this way works everywhere. The idle timeout still applies. If the connection is
     * closed meanwhile (idle timeout, a stop, {@link #close()} from another thread), {@code next}
     * does not run: the connection just ends. A stopping server closes a connection that waits
     * this way and moves no byte either way: it is between messages. One idle since the stop
     * began goes after 200 ms; one whose peer is still sending (a relay between the bursts of a
     * stream) goes on until its input ends, it has been quiet for a second, or the grace period
     * is over; closed then, it counts as forced. Each turn runs with the server's context class
     * loader and without inherited thread-locals.
     *
     * @throws IllegalStateException on a connection that no server runs (one from {@link Client})
     */
    void resumeOnInput(ConnectionHandler next);

    /** Flushes, then ends the output direction (TCP FIN); reading goes on. Node's {@code socket.end()}. */
    void shutdownOutput() throws IOException;

    /** Flushes what it can and closes the connection. Safe to call twice, from any thread. */
    @Override
    void close();

    /** Closes at once without flushing; a TCP peer sees a reset. Node's {@code socket.destroy()}. */
    void abort();

    /** True until the connection is closed or aborted. */
    boolean isOpen();

    /** The local address: an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}. */
    SocketAddress localAddress();

    /**
     * The peer's address: an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}.
     * On a server that takes PROXY protocol headers ({@code Server.Builder.proxyProtocol}), the
     * client's address as the header gives it, not the load balancer's.
     */
    SocketAddress remoteAddress();

    /**
     * The PROXY protocol header the connection began with, on a server that takes them: the
     * client's and the balancer's addresses, and a version 2 header's TLVs.
     *
     * @return the header; empty on a server without {@code proxyProtocol} and on a client's connection
     */
    default Optional<ProxyHeader> proxyHeader() {
        return Optional.empty();
    }

    /**
     * Runs {@code action} once when the server that runs this connection begins to stop, before
     * the grace period: the way for a handler blocked in a read to say goodbye.
     * <pre>{@code
     * conn.onStop(c -> c.send("server restarting, reconnect in a moment\n"));
     * for (String line : conn.lines()) { ... }
     * }</pre>
     * The action is given this connection and runs on a virtual thread of its own while the
     * handler goes on; it may {@link #send} (sends are atomic with respect to the handler's), and
     * should be short, as the grace period runs meanwhile. If the server is stopping already, it
     * runs at once on the calling thread; a connection that has ended is not told. May be called
     * more than once; the actions run in the order given. On a connection that no server runs
     * (one from {@link Client}) it does nothing.
     *
     * @param action what to do; an exception it throws is logged (an I/O one only at DEBUG: the
     *        peer may be gone)
     */
    default void onStop(ConnectionHandler action) {
        java.util.Objects.requireNonNull(action, "action");
    }

    /**
     * The TLS session of an encrypted connection: the protocol and cipher suite negotiated, and
     * with mutual TLS the client's verified certificate chain ({@code getPeerCertificates()}).
     */
    Optional<SSLSession> tlsSession();

    /**
     * On a connection a TLS server accepted, the host name the client asked for with SNI (Server
     * Name Indication), which chose the certificate served; empty without TLS, for a client that
     * sent no name, and on a client's own connections.
     */
    default Optional<String> requestedServerName() {
        return Optional.empty();
    }

    /**
     * The application protocol the TLS handshake agreed on by ALPN ({@code h2}, {@code imap}...):
     * empty without TLS, and when either side offered no names.
     */
    default Optional<String> applicationProtocol() {
        return Optional.empty();
    }

    /** Bytes received so far. */
    long bytesRead();

    /** Bytes sent so far (written to the socket, not merely buffered). */
    long bytesWritten();
}
