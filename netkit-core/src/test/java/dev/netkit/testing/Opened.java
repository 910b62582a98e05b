package dev.netkit.testing;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (servers, groups, client connections), closed in the reverse order when the
 * test ends.
 */
public final class Opened implements AutoCloseable {

    private final List<AutoCloseable> items = new ArrayList<>();

    /** Keeps {@code item} to close at the end, and returns it. */
    public <T extends AutoCloseable> T add(T item) {
        items.add(item);
        return item;
    }

    /** A client connection to {@code server}, with a 10 s timeout, closed at the end. */
    public Connection connect(Server server) throws IOException {
        return add(Client.builder().timeout(Duration.ofSeconds(10)).connect(server.endpoint()));
    }

    /** Closes everything kept, the last first. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable item : items.reversed()) {
            item.close();
        }
        items.clear();
    }
}
