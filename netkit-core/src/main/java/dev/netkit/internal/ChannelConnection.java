package dev.netkit.internal;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.proxy.ProxyHeader;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one {@link Connection} implementation: a {@link StreamChannel} (plain or TLS, NIO or epoll)
 * with an adaptive input buffer and a locked, buffered output.
 */
public final class ChannelConnection implements Connection {

    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;
    private static final VarHandle STATE;
    private static final VarHandle STOP_ACTIONS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_READ = lookup.findVarHandle(ChannelConnection.class, "bytesRead", long.class);
            BYTES_WRITTEN = lookup.findVarHandle(ChannelConnection.class, "bytesWritten", long.class);
            STATE = lookup.findVarHandle(ChannelConnection.class, "state", int.class);
            STOP_ACTIONS = lookup.findVarHandle(ChannelConnection.class, "stopActions", StopActions.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0;
    private static final long CLOSE_WAIT_MILLIS = 100;
    private static final int CLOSED = 1;

    private final long id = IDS.incrementAndGet();
    /** Whether a server runs this connection, so that {@link #resumeOnInput} has someone to resume it. */
    private final boolean served;
    // Replaced once, by upgrade(), before the handler sees the connection.
    private volatile StreamChannel channel;
    private ChannelInput input;
    private ChannelOutput output;
    // Written by one thread per direction, read by others for logs and idle checks.
    private long bytesRead;
    private long bytesWritten;
    private volatile int state;
    // Touched by the handler's thread alone.
    private ConnectionHandler resume;
    // Set once, by the PROXY protocol step, before the handler sees the connection.
    private volatile ProxyHeader proxyHeader;
    private volatile SocketAddress proxiedSource;
    /** Made on the first onStop or at the server's stop, whichever comes first. */
    private volatile StopActions stopActions;

    /** A client's connection. */
    public ChannelConnection(StreamChannel channel) {
        this(channel, false);
    }

    ChannelConnection(StreamChannel channel, boolean served) {
        this.channel = channel;
        this.served = served;
        this.input = new ChannelInput(channel, this);
        this.output = new ChannelOutput(channel, this);
    }

    /**
     * Puts a layer (TLS) between this connection and its channel. Called on the connection's thread
     * before any byte is read or written through it.
     */
    void upgrade(ChannelUpgrade upgrade) throws IOException {
        StreamChannel upgraded = upgrade.upgrade(channel);
        channel = upgraded;
        input = new ChannelInput(upgraded, this);
        output = new ChannelOutput(upgraded, this);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        output.writeAndFlush(bytes, 0, bytes.length);
    }

    @Override
    public void flush() throws IOException {
        output.flush();
    }

    /** Drops the output buffer if it holds nothing unsent: for a writer that has sent all it had. */
    public void releaseOutput() {
        output.release();
    }

    @Override
    public long transferAvailableTo(OutputStream out) throws IOException {
        return input.transferAvailableTo(out);
    }

    @Override
    public void relay(Connection other) throws IOException {
        ConnectionBridge.run(this, other);
    }

    @Override
    public void resumeOnInput(ConnectionHandler next) {
        Objects.requireNonNull(next, "next");
        if (!served) {
            throw new IllegalStateException("resumeOnInput is for a server's handlers; no server runs " + this);
        }
        resume = next;
    }

    /** The handler asked for by {@link #resumeOnInput} during the turn that just ended, if any. */
    ConnectionHandler takeResume() {
        ConnectionHandler next = resume;
        resume = null;
        return next;
    }

    /** Whether this connection's channel can wait for input without a thread at all. */
    boolean canWaitForInput() {
        return channel instanceof PolledChannel;
    }

    /**
     * Lets the connection wait for input without a thread: drops the idle buffers and leaves
     * {@code task} with the channel. False when it cannot (input is waiting already, or the
     * transport needs a thread to wait): the caller goes on reading on its own thread.
     */
    boolean waitForInput(Runnable task) {
        if (!(channel instanceof PolledChannel polled) || !input.release()) {
            return false;
        }
        output.release();
        return polled.resumeWhenReadable(task);
    }

    /**
     * Waits on this thread until input arrives, the peer ends its output, or the connection fails
     * or closes, reading what came into the input buffer; for a channel that cannot wait without a
     * thread ({@link #canWaitForInput()} false), between a turn and the next. A failure is kept
     * for the next turn's first read, as if that read had met it.
     */
    void awaitInput() {
        input.awaitInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        output.lock().lock();
        try {
            output.flushLocked();
            channel.shutdownOutput();
        } finally {
            output.lock().unlock();
        }
    }

    @Override
    public void close() {
        if (!STATE.compareAndSet(this, OPEN, CLOSED)) {
            return;
        }
        // Flush, but a writer blocked on a slow peer must not hold close() hostage: wait briefly
        // for it, and if it is still mid-write, reset instead, so the peer cannot mistake a torn
        // message followed by a clean end of stream for a whole one.
        boolean locked = false;
        try {
            locked = output.lock().tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            channel.abort();
            return;
        }
        try {
            if (channel.isOpen()) {
                output.flushLocked();
            }
        } catch (IOException ignored) {
            // the peer is gone; closing is all that is left
        } finally {
            output.lock().unlock();
        }
        channel.close();
    }

    /**
     * Closes without flushing: for another thread (the idle sweeper, a forced stop), which must
     * never block on a peer that stopped reading.
     */
    void closeNow() {
        STATE.setVolatile(this, CLOSED);
        if (output.lock().isLocked()) {
            channel.abort(); // a write is in progress: a clean end of stream would hide the tear
        } else {
            channel.close();
        }
    }

    @Override
    public void abort() {
        STATE.setVolatile(this, CLOSED);
        channel.abort();
    }

    @Override
    public boolean isOpen() {
        return state == OPEN && channel.isOpen();
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        SocketAddress proxied = proxiedSource;
        return proxied != null ? proxied : channel.remoteAddress();
    }

    /** The channel as the transport gave it, before any upgrade: for the PROXY header. */
    StreamChannel channel() {
        return channel;
    }

    /** The address of the socket's own peer: the balancer's when a PROXY header named another. */
    SocketAddress peerAddress() {
        return channel.remoteAddress();
    }

    @Override
    public Optional<ProxyHeader> proxyHeader() {
        return Optional.ofNullable(proxyHeader);
    }

    /** Records the PROXY header this connection began with: from now on its source is the remote address. */
    void proxied(ProxyHeader header) {
        proxyHeader = header;
        proxiedSource = header.source().orElse(null);
    }

    @Override
    public void onStop(ConnectionHandler action) {
        Objects.requireNonNull(action, "action");
        if (served && !stopActions().add(action)) {
            StopActions.run(action, this);
        }
    }

    /** Called once by the stopping server: the actions to run now; later ones run as they are added. */
    List<ConnectionHandler> beginStop() {
        return stopActions().begin();
    }

    private StopActions stopActions() {
        StopActions actions = stopActions;
        if (actions == null) {
            STOP_ACTIONS.compareAndSet(this, null, new StopActions());
            actions = stopActions;
        }
        return actions;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return channel.tlsSession();
    }

    @Override
    public Optional<String> requestedServerName() {
        return channel.requestedServerName();
    }

    @Override
    public Optional<String> applicationProtocol() {
        return channel.applicationProtocol();
    }

    @Override
    public long bytesRead() {
        return (long) BYTES_READ.getOpaque(this);
    }

    @Override
    public long bytesWritten() {
        return (long) BYTES_WRITTEN.getOpaque(this);
    }

    /** A number that changes whenever bytes move either way: the idle check compares it. */
    long activity() {
        return bytesRead() + bytesWritten();
    }

    void countRead(int n) {
        BYTES_READ.setOpaque(this, bytesRead + n);
    }

    void countWritten(int n) {
        BYTES_WRITTEN.setOpaque(this, bytesWritten + n);
    }

    /** The adaptive input buffer's current size, for tests. */
    int inputBufferSize() {
        return input.bufferSize();
    }

    @Override
    public String toString() {
        return "connection " + id + " " + remoteAddress();
    }
}
