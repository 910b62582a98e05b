package dev.netkit.framing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixedLengthReaderTest {

    private static final byte[] WIRE = "aaaaabbbbbccccc".getBytes();

    @Test
    void framesSplitAtEveryByteBoundaryComeOutWhole() throws IOException {
        for (SplitInputStream in : SplitInputStream.everySplit(WIRE)) {
            FixedLengthReader reader = new FixedLengthReader(in, 5);
            assertThat(reader.read()).as(in.toString()).isEqualTo("aaaaa".getBytes());
            assertThat(reader.read()).as(in.toString()).isEqualTo("bbbbb".getBytes());
            assertThat(reader.read()).as(in.toString()).isEqualTo("ccccc".getBytes());
            assertThat(reader.read()).as(in.toString()).isNull();
        }
    }

    @Test
    void aStreamEndingInsideAFrameIsTruncated() throws IOException {
        FixedLengthReader reader = new FixedLengthReader(new ByteArrayInputStream(WIRE, 0, 7), 5);
        assertThat(reader.read()).isEqualTo("aaaaa".getBytes());
        assertThatThrownBy(reader::read)
                .isExactlyInstanceOf(EOFException.class)
                .hasMessage("stream ended inside a frame: 2 of 5 bytes");
    }

    @Test
    void theReaderNeverReadsPastAFrame() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(WIRE);
        assertThat(new FixedLengthReader(in, 4).read()).isEqualTo("aaaa".getBytes());
        assertThat(new String(in.readAllBytes())).isEqualTo("abbbbbccccc");
    }

    @Test
    void aLargeFrameLengthCostsMemoryOnlyAsItsBytesArrive() {
        // With a 1 GiB heap, allocating 2 GB up front would fail with OutOfMemoryError.
        FixedLengthReader reader = new FixedLengthReader(new ByteArrayInputStream(new byte[100]), 2_000_000_000);
        assertThat(reader.frameLength()).isEqualTo(2_000_000_000);
        assertThatThrownBy(reader::read)
                .isExactlyInstanceOf(EOFException.class)
                .hasMessage("stream ended inside a frame: 100 of 2000000000 bytes");
    }

    @Test
    void aFrameLengthBelowOneIsRefused() {
        assertThatThrownBy(() -> new FixedLengthReader(new ByteArrayInputStream(WIRE), 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("frameLength must be at least 1, got 0");
    }
}
