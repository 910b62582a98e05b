package dev.netkit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Cadence}: when a member's messages fall due, and how many have by a given time. */
class CadenceTest {

    private static final long MS = 1_000_000;

    @Test
    void membersTakeTurns() {
        // Member 1 of 3 at 1,000 messages/s in all, from 10 ms: due at 11, 14, 17 ms...
        Cadence c = new Cadence(10 * MS, MS, 1, 3);
        assertThat(c.due(0)).isEqualTo(11 * MS);
        assertThat(c.due(2)).isEqualTo(17 * MS);
        assertThat(c.dueBy(0)).isZero();
        assertThat(c.dueBy(11 * MS - 1)).isZero();
        assertThat(c.dueBy(11 * MS)).isOne();
        assertThat(c.dueBy(16 * MS)).isEqualTo(2);
        assertThat(c.dueBy(17 * MS)).isEqualTo(3);
        assertThat(c.dueBy(10 * MS + 3_000 * MS)).isEqualTo(1_000);
    }

    @Test
    void aFractionalIntervalCountsEveryMessageOnce() {
        Cadence c = new Cadence(0, 1e9 / 7_000, 0, 1);   // 142,857.14 ns
        for (long k = 0; k < 10_000; k++) {
            assertThat(c.dueBy(c.due(k))).isEqualTo(k + 1);
            assertThat(c.dueBy(c.due(k) - 1)).isEqualTo(k);
        }
    }

    @Test
    void aBadCadenceIsRefused() {
        assertThatThrownBy(() -> new Cadence(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cadence(0, MS, 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
