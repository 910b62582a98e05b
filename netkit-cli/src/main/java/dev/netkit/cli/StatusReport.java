package dev.netkit.cli;

import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.GroupStats;
import dev.netkit.group.MemberBacklog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's data, as JSON: what runs, where, its numbers now and their rates over the
 * last minute, and each group with its slowest members. {@link #json()} is called by the page
 * every second and by a sampler as often, so the rates cover the minute before the page opened.
 */
final class StatusReport {

    /** Members listed per group, furthest behind first. */
    static final int SLOWEST = 5;

    private final String service;
    private final StatusSource source;
    private final List<ConnectionGroup> groups;
    private final long startNanos = System.nanoTime();
    private final RecentRates rates = new RecentRates();

    StatusReport(String service, StatusSource source, List<ConnectionGroup> groups) {
        this.service = service;
        this.source = source;
        this.groups = List.copyOf(groups);
    }

    String json() {
        long now = System.nanoTime();
        List<StatusSource.Figure> totals = source.totals();
        List<GroupSnapshot> groupSnapshots = groups.stream().map(GroupSnapshot::of).toList();
        Map<String, Long> sampled = new LinkedHashMap<>();
        totals.forEach(f -> sampled.put(f.id(), f.value()));
        groupSnapshots.forEach(g -> sampled.put("group:" + g.name(), g.stats().delivered()));
        Map<String, Double> perSecond = rates.sample(now, sampled);

        JsonText json = new JsonText().open()
                .field("service", service)
                .field("transport", source.transport())
                .field("uptimeSeconds", (now - startNanos) / 1_000_000_000L);
        json.openArray("listening");
        source.listening().forEach(l -> json.open().field("endpoint", l).close());
        json.closeArray();
        json.openArray("now");
        source.now().forEach(f -> json.open().field("id", f.id()).field("label", f.label())
                .field("value", f.value()).close());
        json.closeArray();
        json.openArray("totals");
        totals.forEach(f -> json.open().field("id", f.id()).field("label", f.label()).field("value", f.value())
                .field("perSecond", perSecond.get(f.id())).close());
        json.closeArray();
        json.openArray("groups");
        for (GroupSnapshot g : groupSnapshots) {
            GroupStats s = g.stats();
            json.open().field("name", g.name()).field("members", s.members()).field("delivered", s.delivered())
                    .field("deliveredPerSecond", perSecond.get("group:" + g.name()))
                    .field("dropped", s.dropped()).field("slowDisconnects", s.disconnectedSlow())
                    .field("queued", s.queued());
            json.openArray("slowest");
            for (MemberBacklog m : g.slowest()) {
                json.open().field("connection", m.connectionId())
                        .field("address", describe(m.remoteAddress()))
                        .field("queuedMessages", m.queuedMessages()).field("queuedBytes", m.queuedBytes()).close();
            }
            json.closeArray().close();
        }
        return json.closeArray().close().toString();
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getHostString() + ":" + inet.getPort() : address.toString();
    }

    private record GroupSnapshot(String name, GroupStats stats, List<MemberBacklog> slowest) {
        static GroupSnapshot of(ConnectionGroup group) {
            return new GroupSnapshot(group.name(), group.stats(), group.slowestMembers(SLOWEST));
        }
    }
}
