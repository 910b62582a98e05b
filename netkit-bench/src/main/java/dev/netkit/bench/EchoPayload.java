package dev.netkit.bench;

import java.nio.ByteBuffer;

/** What the ping-pong and stream workloads send, plain or over TLS, and how far a stream runs ahead. */
final class EchoPayload {

    /** Chunks a stream connection may have in flight: bounds what the server must buffer. */
    static final int STREAM_WINDOW = 32;

    private EchoPayload() {
    }

    /** A message (or chunk) of {@code size} bytes: the alphabet over and over. */
    static byte[] bytes(int size) {
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        return message;
    }

    /** The same in a direct buffer, ready to be written. */
    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).put(bytes(size)).flip();
    }
}
