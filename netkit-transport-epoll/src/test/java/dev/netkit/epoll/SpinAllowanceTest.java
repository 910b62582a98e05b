package dev.netkit.epoll;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller's allowance of empty polls before it parks: spinning only while it finds work. */
class SpinAllowanceTest {

    private static final long LONG = SpinAllowance.SHORT_PARK_NANOS;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 64, 100, 1 << 29, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE})
    void shortParksRaiseTheAllowanceToTheMaximumAndItStaysThere(int max) {
        SpinAllowance a = new SpinAllowance(max);
        for (int i = 0; i < 64; i++) {
            int before = a.spins();
            a.parked(0);
            assertThat(a.spins()).as("after %d short parks", i + 1).isBetween(before, max);
        }
        assertThat(a.spins()).isEqualTo(max);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 64, Integer.MAX_VALUE})
    void longParksWithNothingFoundBetweenThemLowerTheAllowanceToNone(int max) {
        SpinAllowance a = new SpinAllowance(max);
        for (int i = 0; i < 64; i++) {
            a.parked(0);
        }
        for (int i = 0; i < 64 * SpinAllowance.FAILURES; i++) {
            int before = a.spins();
            a.parked(LONG);
            assertThat(a.spins()).isBetween(0, before);
        }
        assertThat(a.spins()).isZero();
        a.parked(0);
        assertThat(a.spins()).as("one short park starts spinning again").isEqualTo(Math.min(1, max));
    }

    @Test
    void spinningThatFindsWorkKeepsAUsefulAllowanceThroughOccasionalLongParks() {
        SpinAllowance a = new SpinAllowance(64);
        assertThat(a.spins()).isEqualTo(SpinAllowance.USEFUL);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < SpinAllowance.FAILURES - 1; j++) {
                a.parked(LONG);
            }
            a.found();
        }
        assertThat(a.spins()).isEqualTo(SpinAllowance.USEFUL);
        for (int j = 0; j < SpinAllowance.FAILURES; j++) {
            a.parked(LONG);
        }
        assertThat(a.spins()).isEqualTo(SpinAllowance.USEFUL / 2);
        a.found();
        assertThat(a.spins()).isEqualTo(SpinAllowance.USEFUL);
    }
}
