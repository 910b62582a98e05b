package dev.netkit.services;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JokesTest {

    @Test
    void theClassicJokesAreThree() {
        assertThat(Jokes.CLASSIC).extracting(Joke::who).containsExactly("Boo", "Lettuce", "A little old lady");
    }

    @Test
    void loadsWhoPipePunchlineSkippingCommentsAndBlanks(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jokes.txt"), "# mine\n\nOlive | Olive you!\nWitch|Witch one?\n");
        assertThat(Jokes.load(file)).containsExactly(new Joke("Olive", "Olive you!"), new Joke("Witch", "Witch one?"));
    }

    @Test
    void aBadLineIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "Olive|Olive you!\nno bar here\n");
        assertThatThrownBy(() -> Jokes.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 2: expected who|punchline, got: no bar here");
    }

    @Test
    void aMissingOrEmptyFileIsAClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Jokes.load(dir.resolve("none.txt"))).hasMessageStartingWith("jokes file not found");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        assertThatThrownBy(() -> Jokes.load(empty)).hasMessageStartingWith("jokes file has no jokes");
    }
}
