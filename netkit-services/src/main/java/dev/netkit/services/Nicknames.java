package dev.netkit.services;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The names in use in one chat room: {@code guest-N} for newcomers, checked renames, unique
 * regardless of case (so {@code Alice} and {@code alice} cannot both be here). No I/O.
 *
 * <p>Threading: every connection's thread calls it; one lock guards the map.
 */
final class Nicknames {

    /** The longest name. */
    static final int MAX_LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private final ReentrantLock lock = new ReentrantLock();
    // lower-case key -> the name as the user wrote it
    private final Map<String, String> names = new HashMap<>();
    private long guests;

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
        lock.lock();
        try {
            String name;
            do {
                name = "guest-" + ++guests;
            } while (names.containsKey(key(name)));
            names.put(key(name), name);
            return name;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            String holder = names.get(key(to));
            // a change of case only is a rename of one's own name
            if (holder != null && !key(to).equals(key(from))) {
                return Optional.of("the name " + holder + " is taken");
            }
            names.remove(key(from));
            names.put(key(to), to);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Frees {@code name} for others. */
    void release(String name) {
        lock.lock();
        try {
            names.remove(key(name), name);
        } finally {
            lock.unlock();
        }
    }

    /** The names in use, sorted without regard to case. */
    List<String> all() {
        lock.lock();
        try {
            List<String> all = new ArrayList<>(names.values());
            all.sort(String.CASE_INSENSITIVE_ORDER);
            return all;
        } finally {
            lock.unlock();
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
