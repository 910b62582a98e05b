package dev.netkit.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

    /** Feeds {@code text} in chunks of {@code chunk} bytes; returns the lines seen. */
    private static List<String> split(String text, int chunk, int max) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(max);
        List<String> lines = new ArrayList<>();
        for (int at = 0; at < all.length; at += chunk) {
            byte[] piece = Arrays.copyOfRange(all, at, Math.min(all.length, at + chunk));
            // A reused read buffer: longer than what was read, with stale bytes past it.
            byte[] buffer = Arrays.copyOf(piece, piece.length + 8);
            Arrays.fill(buffer, piece.length, buffer.length, (byte) '\n');
            splitter.feed(buffer, piece.length, (b, from, to) -> lines.add(new String(b, from, to - from, StandardCharsets.UTF_8)));
        }
        return lines;
    }

    @Test
    void linesComeOutWholeWhateverTheChunkBoundaries() {
        String text = "* Welcome, guest-1!\nguest-2: #fanout 1 2 3 xx\n\nguest-3: hello\n";
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            assertThat(split(text, chunk, 64)).as("chunks of %d", chunk)
                    .containsExactly("* Welcome, guest-1!", "guest-2: #fanout 1 2 3 xx", "", "guest-3: hello");
        }
    }

    @Test
    void anUnfinishedLastLineWaitsForItsLineBreak() {
        assertThat(split("one\ntw", 3, 64)).containsExactly("one");
    }

    @Test
    void aLineOverTheMaximumIsSkippedWholeAndTheNextOneKept() {
        String text = "short\n" + "y".repeat(100) + "\nafter\n";
        for (int chunk : new int[] {1, 7, 16, 200}) {
            assertThat(split(text, chunk, 32)).as("chunks of %d", chunk).containsExactly("short", "after");
        }
    }
}
