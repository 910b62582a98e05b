package dev.netkit.framing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import static dev.netkit.framing.LengthFieldReaderTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's checks: each setting as it is made, the settings together when built. */
class LengthFieldFormatTest {

    @Test
    void eachSettingIsCheckedAsItIsMade() {
        LengthFieldFormat.Builder builder = LengthFieldFormat.builder();
        assertThatThrownBy(() -> builder.fieldBytes(5)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("fieldBytes must be 1, 2, 3, 4 or 8, got 5");
        assertThatThrownBy(() -> builder.varint(0)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.varint(11)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("a varint takes 1 to 10 bytes, got 11");
        assertThatThrownBy(() -> builder.prefixBytes(-1)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.prefixBytes(65_537)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.byteOrder(null)).isExactlyInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.counts(null)).isExactlyInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsThatContradictEachOtherAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> LengthFieldFormat.builder().varint(4).byteOrder(ByteOrder.LITTLE_ENDIAN).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a varint has no byte order");
        assertThatThrownBy(() -> LengthFieldFormat.builder().requireMinimalVarint().build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("requireMinimalVarint needs a varint length field");
        assertThatThrownBy(() -> LengthFieldFormat.builder().varint(4).counts(LengthFieldFormat.Counts.FIELD_AND_PAYLOAD).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a varint length counts only the payload, got FIELD_AND_PAYLOAD");
    }

    @Test
    void theLastOfFieldBytesAndVarintIsTheField() throws IOException {
        LengthFieldFormat varint = LengthFieldFormat.builder().fieldBytes(2).varint(2).build();
        assertThat(varint.reader(new ByteArrayInputStream(hex("02 6869")), 10).read()).isEqualTo(hex("6869"));
        LengthFieldFormat fixed = LengthFieldFormat.builder().varint(2).fieldBytes(2).build();
        assertThat(fixed.reader(new ByteArrayInputStream(hex("0002 6869")), 10).read()).isEqualTo(hex("6869"));
    }
}
