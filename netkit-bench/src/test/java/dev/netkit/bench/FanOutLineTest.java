package dev.netkit.bench;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutLineTest {

    private static byte[] written(int sender, long sequence, long sentAt, int size) {
        ByteBuffer out = ByteBuffer.allocate(size + 64);
        FanOutLine.write(out, sender, sequence, sentAt, size);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static boolean parse(String line, FanOutLine.Parsed into) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return FanOutLine.parse(b, 0, b.length, into);
    }

    @Test
    void aMessageIsExactlyTheSizeAndOneLine() {
        byte[] line = written(3, 1207, 88_120_554_113L, 64);
        assertThat(line).hasSize(64);
        assertThat(new String(line, StandardCharsets.US_ASCII)).startsWith("#fanout 3 1207 88120554113 x").endsWith("x\n");
    }

    @Test
    void fieldsAreReadBackBehindWhateverPrefixTheServerAdds() {
        String body = new String(written(12, 345, 678, 64), StandardCharsets.US_ASCII).strip();
        FanOutLine.Parsed p = new FanOutLine.Parsed();
        assertThat(parse("guest-7: " + body, p)).isTrue();
        assertThat(p.sender).isEqualTo(12);
        assertThat(p.sequence).isEqualTo(345);
        assertThat(p.sentAt).isEqualTo(678);
        assertThat(parse(body, p)).isTrue();
        assertThat(p.sender).isEqualTo(12);
    }

    @Test
    void aProbeHasSequenceMinusOne() {
        FanOutLine.Parsed p = new FanOutLine.Parsed();
        assertThat(parse(new String(written(0, -1, 5, 64), StandardCharsets.US_ASCII).strip(), p)).isTrue();
        assertThat(p.sequence).isEqualTo(-1);
    }

    @Test
    void noticesAndBrokenLinesAreNotTheLoads() {
        FanOutLine.Parsed p = new FanOutLine.Parsed();
        assertThat(parse("* Welcome to netkit chat, guest-1! 0 others here.", p)).isFalse();
        assertThat(parse("* guest-2 joined", p)).isFalse();
        assertThat(parse("guest-2: #fanout", p)).isFalse();
        assertThat(parse("guest-2: #fanout 1 2", p)).isFalse();
        assertThat(parse("guest-2: #fanout x 2 3 ", p)).isFalse();
        assertThat(parse("#fan out 1 2 3", p)).isFalse();
    }

    @Test
    void fieldsTooLongForTheSizeMakeALongerLineRatherThanALostOne() {
        byte[] line = written(999, Long.MAX_VALUE / 10, Long.MAX_VALUE / 10, FanOutLine.MIN_SIZE);
        assertThat(line.length).isGreaterThanOrEqualTo(FanOutLine.MIN_SIZE);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    }
}
