package dev.netkit.framing;

import dev.netkit.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameReaderTest {

    private static final int MAX = 1024 * 1024;

    private static ByteArrayInputStream headerOnly(int length) {
        return new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(length).array());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void framesWrittenComeBackAcrossArbitraryChunks(long seed) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(wire, MAX);
        writer.write("hello".getBytes());
        writer.write(new byte[0]);
        writer.write(new byte[70_000]);
        FrameReader reader = new FrameReader(new ChunkedInputStream(wire.toByteArray(), seed), MAX);
        assertThat(reader.read()).isEqualTo("hello".getBytes());
        assertThat(reader.read()).isEmpty();
        assertThat(reader.read()).hasSize(70_000);
        assertThat(reader.read()).isNull();
    }

    @Test
    void aNegativeLengthIsAProtocolError() {
        assertThatThrownBy(() -> new FrameReader(headerOnly(-1), MAX).read())
                .isInstanceOf(ProtocolException.class)
                .hasMessage("negative frame length -1");
    }

    @Test
    void theLargestIntLengthIsRejectedBeforeAnyAllocation() {
        // Only the header is there: had the reader allocated and read the payload, it would
        // have failed with OutOfMemoryError or EOFException instead.
        assertThatThrownBy(() -> new FrameReader(headerOnly(Integer.MAX_VALUE), MAX).read())
                .isInstanceOf(FrameTooLongException.class)
                .hasMessage("frame length 2147483647 exceeds the maximum of 1048576 bytes");
    }

    @Test
    void oneByteOverTheMaximumIsRejected() {
        assertThatThrownBy(() -> new FrameReader(headerOnly(MAX + 1), MAX).read())
                .isInstanceOf(FrameTooLongException.class)
                .hasMessage("frame length 1048577 exceeds the maximum of 1048576 bytes")
                .satisfies(e -> assertThat(((FrameTooLongException) e).length()).isEqualTo(MAX + 1));
    }

    @Test
    void aStreamEndingInsideAFrameIsTruncated() {
        byte[] wire = ByteBuffer.allocate(6).putInt(10).put((byte) 1).put((byte) 2).array();
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), MAX).read())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("2 of 10 bytes");
    }

    @Test
    void aStreamEndingInsideAHeaderIsTruncated() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(new byte[] {0, 0}), MAX).read())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void theWriterRefusesAnOversizedFrameAndWritesNothing() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new FrameWriter(wire, 4).write(new byte[5]))
                .isInstanceOf(FrameTooLongException.class);
        assertThat(wire.size()).isZero();
    }
}
