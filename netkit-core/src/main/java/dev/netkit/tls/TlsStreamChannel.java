package dev.netkit.tls;

import dev.netkit.internal.StreamChannel;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over any {@link StreamChannel} (TCP or Unix domain socket), with an {@link SSLEngine} doing
 * the cryptography and this class doing the blocking I/O around it.
 *
 * <p>Threading: {@link #handshake} ({@link TlsHandshake}) runs on the connection's own thread
 * before anyone else sees the channel. After that one thread reads and one thread writes, possibly at the same time (a
 * handler reading while a group writer writes): the read side is guarded by {@code readLock}, the
 * write side by {@code writeLock} (never {@code synchronized}: it would pin virtual threads on
 * JDK 21-23). {@link #close()} and {@link #abort()} may come from any thread.
 *
 * <p>Sometimes reading makes the engine owe the peer a record (a TLS 1.3 KeyUpdate answer, the
 * close_notify reply of TLS 1.2). The reader sends it only if the write lock is free: waiting for
 * it could deadlock against a writer blocked on a peer that is itself waiting for us to read. When
 * the lock is taken, the writer sends what the engine owes as soon as its current write ends.
 *
 * <p>Copies: {@link #read} decrypts straight into the caller's array whenever the record fits
 * in it, and {@link #write} encrypts straight from the caller's array; only a record larger than
 * the caller's array goes through {@code appIn}, allocated when needed and dropped when drained.
 * The ciphertext buffers are {@link RecordChannel}'s.
 *
 * <p>Renegotiation (TLS 1.2 only; TLS 1.3 has none) is refused on both sides: a handshake message
 * after the first handshake fails the connection.
 */
final class TlsStreamChannel implements StreamChannel {

    private static final ByteBuffer EMPTY = RecordChannel.EMPTY;

    private final RecordChannel records;
    private final StreamChannel raw;
    private final SSLEngine engine;
    // The thread that ran the handshake: the connection's own, the only one close() lets block.
    private final Thread owner = Thread.currentThread();
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Read side, under readLock. In read mode: position..limit is plaintext not yet handed out.
    private ByteBuffer appIn;
    private boolean inputDone;

    private TlsStreamChannel(RecordChannel records, ByteBuffer early) {
        this.records = records;
        this.raw = records.raw;
        this.engine = records.engine;
        this.appIn = early;
    }

    /**
     * Runs the handshake on the calling thread and returns the channel ready for application data.
     * On failure the engine's alert is sent to the peer if possible and the exception thrown; the
     * caller closes {@code raw}.
     */
    static TlsStreamChannel handshake(StreamChannel raw, SSLEngine engine) throws IOException {
        RecordChannel records = new RecordChannel(raw, engine);
        return new TlsStreamChannel(records, TlsHandshake.run(records));
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        readLock.lock();
        try {
            boolean direct = true;
            while (true) {
                if (appIn != null && appIn.hasRemaining()) {
                    int n = Math.min(length, appIn.remaining());
                    appIn.get(buffer, offset, n);
                    if (!appIn.hasRemaining()) {
                        // Needed only while the caller's array is smaller than a record: the
                        // connection's input buffer grows past that soon, so do not keep it.
                        appIn = null;
                    }
                    return n;
                }
                if (inputDone) {
                    return -1;
                }
                if (!records.netIn().hasRemaining()) {
                    if (records.fill() < 0) {
                        return endOfStream();
                    }
                    continue;
                }
                ByteBuffer target = direct ? ByteBuffer.wrap(buffer, offset, length) : writableAppIn();
                SSLEngineResult result = engine.unwrap(records.netIn(), target);
                if (!direct) {
                    appIn.flip();
                }
                afterUnwrap(result);
                switch (result.getStatus()) {
                    case OK -> {
                        if (direct && result.bytesProduced() > 0) {
                            return result.bytesProduced();
                        }
                        direct = true;
                    }
                    // The record does not fit the caller's array: decrypt it into appIn, hand it out from there.
                    case BUFFER_OVERFLOW -> {
                        if (!direct) {
                            growAppIn();
                        }
                        direct = false;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (records.fill() < 0) {
                            return endOfStream();
                        }
                    }
                    case CLOSED -> inputDone = true; // close_notify: what appIn holds, then -1
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The peer closed the connection without a close_notify. As the JDK's own SSLSocket does by
     * default, this ends the stream like a close_notify would; protocols that must detect a
     * truncated message frame their messages.
     */
    private int endOfStream() {
        inputDone = true;
        try {
            engine.closeInbound();
        } catch (SSLException ignored) {
            // "closing inbound before receiving peer's close_notify": the case described above
        }
        return -1;
    }

    private void afterUnwrap(SSLEngineResult result) throws IOException {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
            return;
        }
        if (result.getStatus() != SSLEngineResult.Status.CLOSED && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("TLS renegotiation refused: the peer started a new handshake on an open connection");
        }
        if (status == HandshakeStatus.NEED_TASK) {
            records.runTasks();
        }
        sendOwedRecords();
    }

    /** Sends what the engine owes the peer if the write lock is free; else the writer will (see the class doc). */
    private void sendOwedRecords() throws IOException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()
                && writeLock.tryLock()) {
            boolean sent;
            try {
                sent = engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && records.wrapAndSend(EMPTY).bytesProduced() > 0;
            } finally {
                writeLock.unlock();
            }
            if (!sent) {
                return;
            }
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(buffer, offset, length);
        writeLock.lock();
        try {
            while (source.hasRemaining()) {
                SSLEngineResult result = records.wrapAndSend(source);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SocketException("the TLS connection is closed for writing");
                }
                if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    records.runTasks();
                } else if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    throw new SSLException("the TLS engine cannot send before it receives (renegotiation is not supported)");
                }
            }
        } finally {
            writeLock.unlock();
        }
        // A reader may have found the lock taken while the engine owed the peer a record.
        sendOwedRecords();
    }

    private ByteBuffer writableAppIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        }
        return appIn.compact();
    }

    private void growAppIn() {
        int size = Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize());
        appIn = ByteBuffer.allocate(size).put(appIn).flip();
    }

    /** Sends close_notify, then ends the output direction; reading goes on (TLS 1.3 half-close). */
    @Override
    public void shutdownOutput() throws IOException {
        writeLock.lock();
        try {
            records.closeOutbound();
            raw.shutdownOutput();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the underlying channel, after a close_notify when the connection's own thread closes
     * and no writer is busy. Another thread (the idle sweeper, a stopping server, a watchdog) must
     * never block here, and writing close_notify would block while the peer is not reading; so it
     * closes without one, which the peer sees as the stream ending early. Safe twice, from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            // A second close may come from another thread while the first is blocked writing
            // close_notify to a peer that stopped reading: closing the socket unblocks it.
            raw.close();
            return;
        }
        if (Thread.currentThread() == owner && raw.isOpen() && writeLock.tryLock()) {
            try {
                records.closeOutbound();
            } catch (IOException | RuntimeException ignored) {
                // the peer is gone; closing is all that is left
            } finally {
                writeLock.unlock();
            }
        }
        raw.close();
    }

    @Override
    public void abort() {
        closed.set(true);
        raw.abort();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && raw.isOpen();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.of(engine.getSession());
    }

    @Override
    public Optional<String> applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? Optional.empty() : Optional.of(protocol);
    }

    @Override
    public Optional<String> requestedServerName() {
        return engine.getUseClientMode() ? Optional.empty() : SniKeyManager.requestedName(engine.getSession());
    }

    @Override
    public SocketAddress localAddress() {
        return raw.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return raw.remoteAddress();
    }
}
