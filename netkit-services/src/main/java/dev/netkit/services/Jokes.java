package dev.netkit.services;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The jokes a knock-knock server tells: the classic three, or a file of {@code who|punchline} lines. */
public final class Jokes {

    /** The three classic jokes, in the Node.js tour's order. */
    public static final List<Joke> CLASSIC = List.of(
            new Joke("Boo", "Don't cry...it's only a joke!"),
            new Joke("Lettuce", "Let us in! It's freezing out here!"),
            new Joke("A little old lady", "Wow, I didn't know you could yodel!"));

    private Jokes() {
    }

    /**
     * Reads one {@code who|punchline} per line; blank lines and lines starting with {@code #} are
     * skipped.
     *
     * @throws IllegalArgumentException naming the file and line when the file is unreadable or a
     *         line is malformed, or when it holds no joke
     */
    public static List<Joke> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("jokes file not found: " + file);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("jokes file is not UTF-8 text: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read jokes file " + file + ": " + e.getMessage());
        }
        List<Joke> jokes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf('|');
            String who = bar < 0 ? "" : line.substring(0, bar).strip();
            String punchline = bar < 0 ? "" : line.substring(bar + 1).strip();
            if (who.isEmpty() || punchline.isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected who|punchline, got: " + line);
            }
            jokes.add(new Joke(who, punchline));
        }
        if (jokes.isEmpty()) {
            throw new IllegalArgumentException("jokes file has no jokes: " + file);
        }
        return List.copyOf(jokes);
    }
}
