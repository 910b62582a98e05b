package dev.netkit.epoll;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller's adaptive allowance of empty polls before it parks. */
class PollerSpinsTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 64, 100, 1 << 29, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE})
    void shortParksRaiseTheAllowanceToTheMaximumAndItStaysThere(int max) {
        int spins = Poller.MIN_SPINS;
        for (int i = 0; i < 64; i++) {
            int next = Poller.adaptSpins(spins, 0, max);
            assertThat(next).as("after %d short parks", i + 1).isBetween(spins, max);
            spins = next;
        }
        assertThat(spins).isEqualTo(max);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 64, Integer.MAX_VALUE})
    void longParksLowerTheAllowanceToTheMinimum(int max) {
        int spins = max;
        for (int i = 0; i < 64; i++) {
            int next = Poller.adaptSpins(spins, Poller.SHORT_PARK_NANOS, max);
            assertThat(next).isBetween(Poller.MIN_SPINS, spins);
            spins = next;
        }
        assertThat(spins).isEqualTo(Poller.MIN_SPINS);
    }
}
