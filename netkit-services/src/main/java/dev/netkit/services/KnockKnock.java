package dev.netkit.services;

import java.util.Locale;
import java.util.Objects;

/**
 * The knock-knock conversation as a pure object: no I/O, so it is tested line by line and the
 * handler only moves lines. Byte for byte the Node.js tour's server:
 *
 * <pre>
 * server: "Knock knock!\r\n>> "
 * client: "Who's there?"            (any case)   server: "&lt;who&gt;\r\n>> "
 * client: "&lt;who&gt; who?"          (any case)   server: "&lt;punchline&gt;\r\n", then the end
 * </pre>
 *
 * Any other line repeats the expected question with a hint. Not thread-safe: one per connection.
 */
public final class KnockKnock {

    static final String PROMPT = ">> ";
    static final String EOL = "\r\n";

    /** What the server says back to one line, and whether the conversation is over. */
    public record Reply(String text, boolean done) {
    }

    private final Joke joke;
    private boolean askedWho;
    private boolean done;

    public KnockKnock(Joke joke) {
        this.joke = Objects.requireNonNull(joke, "joke");
    }

    /** What the server says on connect. */
    public String greeting() {
        return "Knock knock!" + EOL + PROMPT;
    }

    /** The reply to one line from the client (without its line break). */
    public Reply respond(String line) {
        if (done) {
            throw new IllegalStateException("the joke is over");
        }
        String said = line.toLowerCase(Locale.ROOT);
        if (!askedWho) {
            if (said.equals("who's there?")) {
                askedWho = true;
                return prompt(joke.who());
            }
            return prompt("Please type \"Who's there?\".");
        }
        if (said.equals(joke.who().toLowerCase(Locale.ROOT) + " who?")) {
            done = true;
            return new Reply(joke.punchline() + EOL, true);
        }
        return prompt("Please type \"" + joke.who() + " who?\".");
    }

    public boolean isDone() {
        return done;
    }

    private static Reply prompt(String text) {
        return new Reply(text + EOL + PROMPT, false);
    }
}
