package dev.netkit.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The first handshake of a {@link TlsStreamChannel}, driven step by step as the engine asks:
 * wrap, read and unwrap, or run its delegated tasks (certificate checks, key agreement). What it
 * wraps is written when it must wait for the peer, or at the end: a flight in one write.
 *
 * <p>Threading: runs on the connection's own thread before anything else uses the channel. A
 * thread that aborts the raw channel (the server's sweeper at the handshake timeout) wakes it.
 */
final class TlsHandshake {

    private final RecordChannel records;
    private final SSLEngine engine;
    // Where unwrap puts what it decrypts; application data seldom comes before the handshake ends.
    private ByteBuffer scratch;

    private TlsHandshake(RecordChannel records) {
        this.records = records;
        this.engine = records.engine;
        // Empty until application data comes with the handshake (the engine then says it overflows).
        this.scratch = ByteBuffer.allocate(0);
    }

    /**
     * Runs the handshake; returns application data that arrived with it (in read mode), or null.
     * On failure the engine's alert is sent to the peer if possible and the exception thrown.
     */
    static ByteBuffer run(RecordChannel records) throws IOException {
        TlsHandshake handshake = new TlsHandshake(records);
        try {
            handshake.steps();
        } catch (SSLException e) {
            handshake.sendAlertQuietly();
            throw e;
        }
        ByteBuffer early = handshake.scratch.flip();
        return early.hasRemaining() ? early : null;
    }

    private void steps() throws IOException {
        engine.beginHandshake();
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status != HandshakeStatus.NOT_HANDSHAKING) {
            status = switch (status) {
                case NEED_WRAP -> records.wrapFlight().getHandshakeStatus();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrap();
                case NEED_TASK -> records.runTasks();
                case FINISHED -> engine.getHandshakeStatus(); // a TLS 1.3 server may still owe session tickets
                case NOT_HANDSHAKING -> status;
            };
        }
        records.flushFlight();
    }

    private HandshakeStatus unwrap() throws IOException {
        if (!records.netIn().hasRemaining() && fill() < 0) {
            throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
        }
        SSLEngineResult result = engine.unwrap(records.netIn(), scratch);
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (fill() < 0) {
                    throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                }
            }
            case BUFFER_OVERFLOW -> scratch = ByteBuffer.allocate(Math.max(scratch.capacity() * 2,
                    engine.getSession().getApplicationBufferSize())).put(scratch.flip());
            case CLOSED -> throw new SSLHandshakeException("the peer ended the TLS session during the handshake");
            case OK -> {
                // the next step is the engine's to say
            }
        }
        return result.getHandshakeStatus();
    }

    /** Reads more of the peer's records, once what is owed to the peer has gone out. */
    private int fill() throws IOException {
        records.flushFlight();
        return records.fill();
    }

    /** After a failed handshake the engine holds an alert saying why; the peer deserves to see it. */
    private void sendAlertQuietly() {
        try {
            records.flushFlight();
            records.closeOutbound();
        } catch (IOException | RuntimeException ignored) {
            // the peer may be gone already; the handshake's own exception says what went wrong
        }
    }
}
