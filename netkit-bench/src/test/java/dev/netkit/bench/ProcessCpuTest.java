package dev.netkit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProcessCpu}: the parsing of {@code /proc/PID/stat}, and this very process read live. */
class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) server) S 1 4242 4242 0 -1 4194560 2911 0 0 0 250 37 0 0 20 0 21 0 123 0 0";
        assertThat(ProcessCpu.parseStat(stat)).isEqualTo((250 + 37) * ProcessCpu.NANOS_PER_TICK);
    }

    @Test
    void aLineThatIsNotStatIsRefused() {
        assertThatThrownBy(() -> ProcessCpu.parseStat("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcessAndAProcessThatIsNotThere() {
        assertThat(ProcessCpu.nanos(ProcessHandle.current().pid())).isNotNegative();
        assertThat(ProcessCpu.nanos(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
