package dev.netkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * UDP as the streams of a relay's side, as socat does it: each datagram received is bytes to read,
 * and each write (one read of the other side) goes as one datagram, split where it exceeds the
 * largest datagram. The input ends after an idle timeout without a datagram: UDP has no end of
 * stream.
 */
final class DatagramStreams {

    private DatagramStreams() {
    }

    /** Where datagrams come from: a socket, or a flow's queue. */
    interface Source {
        /** The next datagram's payload, or empty when none came within {@code timeout}. */
        Optional<byte[]> next(Duration timeout) throws IOException;
    }

    /** Where datagrams go. */
    interface Sink {
        void send(byte[] payload) throws IOException;
    }

    /** Datagrams as bytes, ending after {@code idleTimeout} without one. */
    static final class Input extends InputStream {

        private final Source source;
        private final Duration idleTimeout;
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        Input(Source source, Duration idleTimeout) {
            this.source = source;
            this.idleTimeout = idleTimeout;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                Optional<byte[]> next = source.next(idleTimeout);
                if (next.isEmpty()) {
                    ended = true;
                    return -1;
                }
                current = next.get();
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }

    /** Each write as one datagram (several when it is larger than {@code maxSize}). */
    static final class Output extends OutputStream {

        private final Sink sink;
        private final int maxSize;

        Output(Sink sink, int maxSize) {
            this.sink = sink;
            this.maxSize = maxSize;
        }

        @Override
        public void write(int b) throws IOException {
            sink.send(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            for (int start = off; start < off + len; start += maxSize) {
                sink.send(Arrays.copyOfRange(b, start, Math.min(off + len, start + maxSize)));
            }
        }
    }
}
