package dev.netkit.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** {@link Roster#local()}: a map under a lock, keyed by the lower-case name. */
final class LocalRoster implements Roster {

    private final ReentrantLock lock = new ReentrantLock();
    // lower-case key -> the name as the user wrote it
    private final Map<String, String> names = new HashMap<>();

    @Override
    public boolean claim(String name) {
        lock.lock();
        try {
            return names.putIfAbsent(key(name), name) == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> rename(String from, String to) {
        lock.lock();
        try {
            String holder = names.get(key(to));
            if (holder != null && !key(to).equals(key(from))) {
                return Optional.of(holder);
            }
            names.remove(key(from));
            names.put(key(to), to);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String name) {
        lock.lock();
        try {
            names.remove(key(name), name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        lock.lock();
        try {
            List<String> all = new ArrayList<>(names.values());
            all.sort(String.CASE_INSENSITIVE_ORDER);
            return all;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int count() {
        lock.lock();
        try {
            return names.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onLapsed(Consumer<String> departed) {
        Objects.requireNonNull(departed, "departed");
        // names of this process never lapse
    }

    @Override
    public void close() {
        lock.lock();
        try {
            names.clear();
        } finally {
            lock.unlock();
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
