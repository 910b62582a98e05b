package dev.netkit.redis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether cross-node delivery is up, said once in the log at each change rather than at each
 * failed message.
 */
final class Outage {

    private static final Logger LOG = System.getLogger("dev.netkit.redis");

    private final String where;
    private final LongSupplier notRelayed;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private volatile boolean closing;

    Outage(String where, LongSupplier notRelayed) {
        this.where = where;
        this.notRelayed = notRelayed;
    }

    boolean up() {
        return up.get();
    }

    /** This node is leaving: its connections closing is no outage. */
    void closing() {
        closing = true;
    }

    /** Redis is unreachable: logs once until {@link #restored()}. */
    void down(String why) {
        if (up.compareAndSet(true, false) && !closing) {
            LOG.log(Level.WARNING, "cross-node delivery is down: {0} unreachable ({1}); serving this node''s "
                    + "members only, counting what cannot be relayed, reconnecting", where, why);
        }
    }

    /** Redis answers again. */
    void restored() {
        if (up.compareAndSet(false, true) && !closing) {
            LOG.log(Level.WARNING, "cross-node delivery is back: {0} reconnected; {1} messages could not be "
                    + "relayed so far", where, notRelayed.getAsLong());
        }
    }
}
