package dev.netkit.services;

import dev.netkit.group.Roster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The names in use in one chat room: {@code guest-N} for newcomers, checked renames, unique
 * regardless of case (so {@code Alice} and {@code alice} cannot both be here). The names are held
 * by a {@link Roster}: this process's alone, or one shared by every node of a room.
 *
 * <p>Threading: every connection's thread calls it; the roster is safe from any thread.
 */
final class Nicknames {

    /** The longest name. */
    static final int MAX_LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private final Roster roster;
    private final AtomicLong guests = new AtomicLong();

    Nicknames(Roster roster) {
        this.roster = Objects.requireNonNull(roster, "roster");
    }

    /** Why {@code name} cannot be a name, or empty when it can (whether or not it is taken). */
    static Optional<String> invalid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return Optional.of("a name has 1 to " + MAX_LENGTH + " characters; \"" + name + "\" has " + name.length());
        }
        if (!VALID.matcher(name).matches()) {
            return Optional.of("a name may hold only letters A-Z and a-z, digits, _ and -; \"" + name + "\" does not");
        }
        return Optional.empty();
    }

    /** Takes the next free {@code guest-N}. */
    String assignGuest() {
        String name;
        do {
            name = "guest-" + guests.incrementAndGet();
        } while (!roster.claim(name));
        return name;
    }

    /**
     * Renames {@code from} to {@code to}.
     *
     * @return why not, for the user; empty when done
     */
    Optional<String> rename(String from, String to) {
        Optional<String> invalid = invalid(to);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (to.equals(from)) {
            return Optional.of("you are already " + to);
        }
        return roster.rename(from, to).map(holder -> "the name " + holder + " is taken");
    }

    /** Frees {@code name} for others. */
    void release(String name) {
        roster.release(name);
    }

    /** The names in use, sorted without regard to case. */
    List<String> all() {
        return roster.names();
    }

    /** How many names are in use. */
    int count() {
        return roster.count();
    }
}
