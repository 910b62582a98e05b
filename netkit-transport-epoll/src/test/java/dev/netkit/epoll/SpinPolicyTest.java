package dev.netkit.epoll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The poller's adaptive budget of polling before it parks. */
class SpinPolicyTest {

    private static final long WORTH = 25_000;

    @Test
    void aFreshPolicyPollsTheMinimumAndThenParks() {
        SpinPolicy spin = new SpinPolicy(WORTH);
        for (int polls = 1; polls < SpinPolicy.MIN_POLLS; polls++) {
            assertThat(spin.pollAgain(polls, 1_000_000)).as("after %d empty polls", polls).isTrue();
        }
        assertThat(spin.pollAgain(SpinPolicy.MIN_POLLS, 0)).isFalse();
    }

    @Test
    void shortGapsAfterParksGrowTheBudgetToCoverThem() {
        // One connection's ping-pong: the next request comes 15 us after the poller goes idle.
        SpinPolicy spin = new SpinPolicy(WORTH);
        spin.wokenAfter(15_000);
        assertThat(spin.budgetNanos()).isGreaterThan(15_000);
        assertThat(spin.pollAgain(SpinPolicy.MIN_POLLS, 14_000)).isTrue();
        // Found while polling, within what polling is worth: the budget stays.
        long budget = spin.budgetNanos();
        spin.foundWhilePolling(15_000);
        assertThat(spin.budgetNanos()).isEqualTo(budget);
    }

    @Test
    void theBudgetNeverExceedsTwiceWhatPollingIsWorth() {
        SpinPolicy spin = new SpinPolicy(WORTH);
        for (int i = 0; i < 100; i++) {
            spin.wokenAfter(WORTH - 1);
        }
        assertThat(spin.budgetNanos()).isEqualTo(2 * WORTH);
    }

    @Test
    void longGapsHalveTheBudgetToNothing() {
        // 64 connections at 20,000 messages a second: an event every 50 us.
        SpinPolicy spin = grown();
        long before = spin.budgetNanos();
        spin.wokenAfter(50_000);
        assertThat(spin.budgetNanos()).isEqualTo(before / 2);
        for (int i = 0; i < 64; i++) {
            spin.wokenAfter(50_000);
        }
        assertThat(spin.budgetNanos()).isZero();
        assertThat(spin.pollAgain(SpinPolicy.MIN_POLLS, 0)).isFalse();
    }

    @Test
    void pollingThatFindsItsEventOnlyAfterItWasWorthItHalvesTheBudget() {
        SpinPolicy spin = grown();
        long before = spin.budgetNanos();
        spin.foundWhilePolling(WORTH + 1);
        assertThat(spin.budgetNanos()).isEqualTo(before / 2);
    }

    @Test
    void worthZeroNeverPollsPastTheMinimum() {
        SpinPolicy spin = new SpinPolicy(0);
        spin.wokenAfter(0);
        assertThat(spin.budgetNanos()).isZero();
        assertThat(spin.pollAgain(SpinPolicy.MIN_POLLS, 0)).isFalse();
        assertThatThrownBy(() -> new SpinPolicy(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SpinPolicy grown() {
        SpinPolicy spin = new SpinPolicy(WORTH);
        spin.wokenAfter(WORTH - 1);
        spin.wokenAfter(WORTH - 1);
        assertThat(spin.budgetNanos()).isEqualTo(2 * WORTH);
        return spin;
    }
}
