package dev.netkit.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgramTest {

    @Test
    void splitsWordsKeepingQuotedBlanksAndEscapes() {
        assertThat(Program.split("  cat  -n ").argv()).containsExactly("cat", "-n");
        assertThat(Program.split("grep 'a b' \"c \\\"d\\\"\" e\\ f").argv())
                .containsExactly("grep", "a b", "c \"d\"", "e f");
        assertThat(Program.split("echo ''").argv()).containsExactly("echo", "");
        assertThat(Program.split("tr a-z A-Z").toString()).isEqualTo("tr a-z A-Z");
    }

    @Test
    void shellFormRunsThroughBinSh() {
        assertThat(Program.shell("sort | uniq -c").argv()).isEqualTo(List.of("/bin/sh", "-c", "sort | uniq -c"));
    }

    @Test
    void refusesNothingAndOpenQuotes() {
        assertThatThrownBy(() -> Program.split("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no program given");
        assertThatThrownBy(() -> Program.split("echo 'oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed '");
        assertThatThrownBy(() -> Program.shell(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
