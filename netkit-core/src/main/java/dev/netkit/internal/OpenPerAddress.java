package dev.netkit.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections open per client address, under a cap. An address is tracked only while it has a
 * connection open, so the map never holds more entries than the server has connections.
 * Thread-safe.
 */
final class OpenPerAddress {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    OpenPerAddress(int max) {
        this.max = max;
    }

    /** Counts one more connection from {@code address}; false, counting nothing, when it has {@code max} open. */
    boolean tryOpen(InetAddress address) {
        boolean[] admitted = {false};
        open.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** Counts one connection from {@code address} less. */
    void closed(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Addresses with a connection open now. */
    int addresses() {
        return open.size();
    }
}
