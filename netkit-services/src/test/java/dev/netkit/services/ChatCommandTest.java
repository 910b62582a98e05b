package dev.netkit.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCommandTest {

    @Test
    void linesAndCommandsAreTold() {
        assertThat(ChatCommand.parse("hello")).isEqualTo(new ChatCommand.Say("hello"));
        assertThat(ChatCommand.parse("  ")).isEqualTo(new ChatCommand.Blank());
        assertThat(ChatCommand.parse("//x")).isEqualTo(new ChatCommand.Say("/x"));
        assertThat(ChatCommand.parse("/nick  bob ")).isEqualTo(new ChatCommand.Nick("bob"));
        assertThat(ChatCommand.parse("/Nick")).isEqualTo(new ChatCommand.Invalid("usage: /nick NAME"));
        assertThat(ChatCommand.parse("/who")).isEqualTo(new ChatCommand.Who());
        assertThat(ChatCommand.parse("/me dances a jig")).isEqualTo(new ChatCommand.Me("dances a jig"));
        assertThat(ChatCommand.parse("/me")).isEqualTo(new ChatCommand.Invalid("usage: /me ACTION"));
        assertThat(ChatCommand.parse("/QUIT")).isEqualTo(new ChatCommand.Quit());
        assertThat(ChatCommand.parse("/help")).isEqualTo(new ChatCommand.Help());
        assertThat(ChatCommand.parse("/")).isInstanceOf(ChatCommand.Invalid.class);
        assertThat(ChatCommand.parse("/shrug ok")).isInstanceOfSatisfying(ChatCommand.Invalid.class,
                i -> assertThat(i.error()).startsWith("unknown command /shrug;"));
    }
}
