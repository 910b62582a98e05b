package dev.netkit.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PacedSchedule} driven by a clock of the test's own: when messages go and what they are charged. */
class PacedScheduleTest {

    private static final long MS = 1_000_000;

    /** Connection 1 of 4 at 1,000 messages/s in all: one message every 4 ms, the first at 1 ms. */
    private static PacedSchedule schedule(int window) {
        return new PacedSchedule(0, MS, 1, 4, 10, window);
    }

    @Test
    void theConnectionsTakeTurnsOnTheSchedule() {
        PacedSchedule s = schedule(16);
        assertThat(s.release(0)).isZero();
        assertThat(s.wakeAt()).isEqualTo(MS);
        assertThat(s.release(MS)).isOne();
        assertThat(s.wakeAt()).isEqualTo(5 * MS);
        assertThat(s.release(9 * MS)).isEqualTo(2);   // the ones due at 5 and 9 ms
        assertThat(s.inFlight()).isEqualTo(3);
    }

    @Test
    void aPromptEchoIsChargedItsRoundTrip() {
        PacedSchedule s = schedule(16);
        List<Long> latencies = new ArrayList<>();
        s.release(MS);
        s.received(4, MS + 100, latencies::add);
        assertThat(latencies).isEmpty();            // 4 of 10 bytes back
        s.received(6, MS + 300, latencies::add);
        assertThat(latencies).containsExactly(300L);
    }

    @Test
    void aStallIsChargedToEveryMessageDueDuringIt() {
        // The echo of the message due at 1 ms comes back at 21 ms: a load that waited for it
        // would have sent nothing meanwhile and measured one slow round trip (coordinated
        // omission). The schedule went on: the four messages due at 5..17 ms went out on time,
        // and each is charged from when it was due.
        PacedSchedule s = schedule(16);
        List<Long> latencies = new ArrayList<>();
        for (long t = MS; t <= 17 * MS; t += 4 * MS) {
            assertThat(s.release(t)).isOne();
        }
        s.received(50, 21 * MS, latencies::add);
        assertThat(latencies).containsExactly(20 * MS, 16 * MS, 12 * MS, 8 * MS, 4 * MS);
    }

    @Test
    void aFullWindowHoldsMessagesBackButNotTheirClock() {
        PacedSchedule s = schedule(2);
        List<Long> latencies = new ArrayList<>();
        assertThat(s.release(9 * MS)).isEqualTo(2);    // due at 1 and 5 ms; the one at 9 must wait
        assertThat(s.wakeAt()).isEqualTo(Long.MAX_VALUE);
        s.received(10, 10 * MS, latencies::add);
        assertThat(s.release(10 * MS)).isOne();        // the one due at 9 ms goes now
        s.received(20, 12 * MS, latencies::add);
        assertThat(latencies).containsExactly(9 * MS, 7 * MS, 3 * MS);
    }

    @Test
    void moreBytesBackThanSentIsNotAnEcho() {
        PacedSchedule s = schedule(16);
        s.release(MS);
        assertThatThrownBy(() -> s.received(20, 2 * MS, latency -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
