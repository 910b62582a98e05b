package dev.netkit.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatTextTest {

    @Test
    void plainTextIsKeptAsIs() {
        String s = "héllo wörld, tab\tkept, emoji \uD83D\uDE00";
        assertThat(ChatText.clean(s)).isSameAs(s);
    }

    @Test
    void ansiSequencesGoWhole() {
        assertThat(ChatText.clean("\u001B[1;31mred\u001B[0m")).isEqualTo("red");
        assertThat(ChatText.clean("a\u001B]0;title\u0007b")).isEqualTo("ab");
        assertThat(ChatText.clean("a\u001B]52;c;Zm9v\u001B\\b")).isEqualTo("ab");
        assertThat(ChatText.clean("a\u001BMb\u001Bc")).isEqualTo("abc");
        assertThat(ChatText.clean("cut\u001B")).isEqualTo("cut");
    }

    @Test
    void controlCharactersGo() {
        assertThat(ChatText.clean("a\rb\u0000c\u0007d\u0008e\u007Ff\u009Bg\u0085h")).isEqualTo("abcdefgh");
    }

    @Test
    void bidiOverridesGo() {
        assertThat(ChatText.clean("abc\u202Edef\u2066x\u2069")).isEqualTo("abcdefx");
    }
}
