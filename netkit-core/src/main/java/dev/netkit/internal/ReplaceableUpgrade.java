package dev.netkit.internal;

import java.io.IOException;
import java.util.Objects;

/**
 * A channel upgrade that can be replaced while a server runs: each new connection takes the one
 * current when its upgrade starts; connections already upgraded keep what they got. Thread-safe.
 */
public final class ReplaceableUpgrade implements ChannelUpgrade {

    private volatile ChannelUpgrade current;

    public ReplaceableUpgrade(ChannelUpgrade first) {
        this.current = Objects.requireNonNull(first, "first");
    }

    /** Makes {@code next} the upgrade of every connection from now on. */
    public void replace(ChannelUpgrade next) {
        this.current = Objects.requireNonNull(next, "next");
    }

    @Override
    public StreamChannel upgrade(StreamChannel channel) throws IOException {
        return current.upgrade(channel);
    }
}
