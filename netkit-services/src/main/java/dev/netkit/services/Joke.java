package dev.netkit.services;

import java.util.Objects;

/** One knock-knock joke: who is at the door, and the punchline. */
public record Joke(String who, String punchline) {

    public Joke {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(punchline, "punchline");
        if (who.isBlank()) {
            throw new IllegalArgumentException("who must not be blank");
        }
        if (punchline.isBlank()) {
            throw new IllegalArgumentException("punchline must not be blank");
        }
    }
}
