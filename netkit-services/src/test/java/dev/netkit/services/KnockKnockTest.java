package dev.netkit.services;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnockKnockTest {

    private final KnockKnock joke = new KnockKnock(new Joke("A little old lady", "Wow, I didn't know you could yodel!"));

    @Test
    void theClassicTranscript() {
        assertThat(joke.greeting()).isEqualTo("Knock knock!\r\n>> ");
        assertThat(joke.respond("Who's there?")).isEqualTo(new KnockKnock.Reply("A little old lady\r\n>> ", false));
        assertThat(joke.respond("A little old lady who?"))
                .isEqualTo(new KnockKnock.Reply("Wow, I didn't know you could yodel!\r\n", true));
        assertThat(joke.isDone()).isTrue();
    }

    @Test
    void answersIgnoreCase() {
        assertThat(joke.respond("WHO'S THERE?").done()).isFalse();
        assertThat(joke.respond("a LITTLE old lady WHO?").done()).isTrue();
    }

    @Test
    void wrongAnswersAreRepromptedAtEachStage() {
        assertThat(joke.respond("hello").text()).isEqualTo("Please type \"Who's there?\".\r\n>> ");
        assertThat(joke.respond("Who's there?").text()).isEqualTo("A little old lady\r\n>> ");
        assertThat(joke.respond("Who's there?").text()).isEqualTo("Please type \"A little old lady who?\".\r\n>> ");
        assertThat(joke.respond("").text()).isEqualTo("Please type \"A little old lady who?\".\r\n>> ");
        assertThat(joke.isDone()).isFalse();
    }

    @Test
    void nothingFollowsThePunchline() {
        joke.respond("who's there?");
        joke.respond("a little old lady who?");
        assertThatThrownBy(() -> joke.respond("again")).isInstanceOf(IllegalStateException.class);
    }
}
