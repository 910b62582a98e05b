package dev.netkit.internal;

import dev.netkit.AddressRange;
import dev.netkit.Refusals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Who may connect to a server: allow and deny lists, a cap on connections open per client address,
 * and a limit on how fast each address may connect. {@link #admit(SocketAddress)} is the one
 * check: the accept loop calls it with the peer's address before anything else happens on the
 * connection, and a layer that learns the real client's address later (a PROXY protocol header)
 * calls it again with that one. A refusal is counted and logged ({@link RefusalLog}).
 *
 * <p>The rules apply to IP peers; a Unix domain socket's peer has no address and is always let in
 * (its socket file's permissions say who may connect). Thread-safe.
 */
public final class AccessFilter {

    /** What an admitted connection holds: given back once, when it closes. */
    @FunctionalInterface
    public interface Admission {
        /** Nothing to give back. */
        Admission NONE = () -> { };

        /** Gives back the connection's place under the per-address cap. Called once. */
        void release();
    }

    /** The settings: every part optional ({@code 0} for no cap or no rate limit). */
    public record Rules(List<AddressRange> allow, List<AddressRange> deny, int maxPerAddress, int maxRatePerSecond) {

        /** Lets everyone in. */
        public static final Rules OPEN = new Rules(List.of(), List.of(), 0, 0);

        public Rules {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }

        boolean isOpen() {
            return allow.isEmpty() && deny.isEmpty() && maxPerAddress == 0 && maxRatePerSecond == 0;
        }
    }

    private final boolean open;
    private final AddressLists lists;
    private final OpenPerAddress perAddress;
    private final AcceptRate rate;
    private final RefusalLog log;

    public AccessFilter(String serverName, Rules rules) {
        this.open = rules.isOpen();
        this.lists = new AddressLists(rules.allow(), rules.deny());
        this.perAddress = rules.maxPerAddress() > 0 ? new OpenPerAddress(rules.maxPerAddress()) : null;
        this.rate = rules.maxRatePerSecond() > 0 ? new AcceptRate(rules.maxRatePerSecond()) : null;
        this.log = new RefusalLog(serverName);
    }

    /** For the accept loop: {@link #admit(SocketAddress)} of the channel's peer, without asking for it when every peer is let in. */
    Admission admit(StreamChannel channel) {
        return open ? Admission.NONE : admit(channel.remoteAddress());
    }

    /**
     * Decides whether a connection from {@code peer} may go on.
     *
     * @return what the connection holds while open, to {@link Admission#release()} when it closes;
     *         null when it is refused (counted and logged), and the caller closes it at once
     */
    public Admission admit(SocketAddress peer) {
        if (open || !(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return Admission.NONE;
        }
        InetAddress address = inet.getAddress();
        if (!lists.admits(address)) {
            log.refused(RefusalLog.Reason.DENIED, address);
            return null;
        }
        if (rate != null && !rate.tryAccept(address, System.nanoTime())) {
            log.refused(RefusalLog.Reason.RATE, address);
            return null;
        }
        if (perAddress == null) {
            return Admission.NONE;
        }
        if (!perAddress.tryOpen(address)) {
            log.refused(RefusalLog.Reason.PER_ADDRESS, address);
            return null;
        }
        return new Admission() {
            private boolean released;

            @Override
            public void release() {
                if (!released) {
                    released = true;
                    perAddress.closed(address);
                }
            }
        };
    }

    /** Refusals so far, by reason. */
    public Refusals refusals() {
        return log.counts();
    }

    /** Logs refusals not logged yet: when the server stops. */
    void flushLog() {
        log.flush();
    }
}
