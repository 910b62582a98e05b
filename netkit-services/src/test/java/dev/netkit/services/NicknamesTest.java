package dev.netkit.services;

import dev.netkit.group.Roster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NicknamesTest {

    @Test
    void validNamesAreShortAndPlain() {
        assertThat(Nicknames.invalid("a")).isEmpty();
        assertThat(Nicknames.invalid("Bob_the-2nd")).isEmpty();
        assertThat(Nicknames.invalid("x".repeat(20))).isEmpty();
        assertThat(Nicknames.invalid("x".repeat(21))).isPresent();
        assertThat(Nicknames.invalid("")).isPresent();
        assertThat(Nicknames.invalid("two words")).isPresent();
        assertThat(Nicknames.invalid("café")).isPresent();
        assertThat(Nicknames.invalid("a:b")).isPresent();
        assertThat(Nicknames.invalid("*")).isPresent();
    }

    @Test
    void guestsAreNumberedAndSkipTakenNames() {
        Nicknames names = new Nicknames(Roster.local());
        String first = names.assignGuest();
        assertThat(first).isEqualTo("guest-1");
        assertThat(names.rename(first, "GUEST-2")).isEmpty();
        assertThat(names.assignGuest()).isEqualTo("guest-3");
        assertThat(names.all()).containsExactly("GUEST-2", "guest-3");
    }

    @Test
    void renamesAreUniqueRegardlessOfCase() {
        Nicknames names = new Nicknames(Roster.local());
        String a = names.assignGuest();
        String b = names.assignGuest();
        assertThat(names.rename(a, "Alice")).isEmpty();
        assertThat(names.rename(b, "alice")).contains("the name Alice is taken");
        assertThat(names.rename("Alice", "ALICE")).isEmpty();
        assertThat(names.rename("ALICE", "ALICE")).contains("you are already ALICE");
        names.release("ALICE");
        assertThat(names.rename(b, "alice")).isEmpty();
        assertThat(names.all()).containsExactly("alice");
    }
}
