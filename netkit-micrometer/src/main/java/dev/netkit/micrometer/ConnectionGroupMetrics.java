package dev.netkit.micrometer;

import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.GroupStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Objects;

/**
 * Binds a {@link ConnectionGroup}'s {@linkplain ConnectionGroup#stats() counters} to a
 * {@link MeterRegistry}, tagged {@code group} (its name): {@code netkit.group.members} and
 * {@code netkit.group.queued} (gauges: members now, messages waiting in their queues), and the
 * counters {@code netkit.group.broadcasts}, {@code netkit.group.deliveries} (one per member),
 * {@code netkit.group.drops} (messages dropped for slow members) and
 * {@code netkit.group.slow.disconnects} (members cut for being slow); in Prometheus's format,
 * {@code netkit_group_members}, {@code netkit_group_deliveries_total} and so on. The registry holds
 * the group until its meters are removed from it.
 */
public final class ConnectionGroupMetrics implements MeterBinder {

    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(1);

    private final ConnectionGroup group;
    private final Iterable<Tag> tags;

    /** Binds {@code group} with the tag {@code group}. */
    public ConnectionGroupMetrics(ConnectionGroup group) {
        this(group, Tags.empty());
    }

    /** Binds {@code group} with {@code tags} added to {@code group}. */
    public ConnectionGroupMetrics(ConnectionGroup group, Iterable<Tag> tags) {
        this.group = Objects.requireNonNull(group, "group");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags")).and("group", group.name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RecentSnapshot<GroupStats> stats = new RecentSnapshot<>(group::stats, SNAPSHOT_AGE);
        SnapshotMeters<GroupStats> meters = new SnapshotMeters<>(registry, group, stats, tags);
        meters.gauge("netkit.group.members", "Members now", GroupStats::members);
        meters.gauge("netkit.group.queued", "Messages waiting in members' queues",
                GroupStats::queued);
        meters.counter("netkit.group.broadcasts", "Messages broadcast", GroupStats::broadcast);
        meters.counter("netkit.group.deliveries", "Messages delivered, one per member",
                GroupStats::delivered);
        meters.counter("netkit.group.drops", "Messages dropped for slow members, one per member",
                GroupStats::dropped);
        meters.counter("netkit.group.slow.disconnects", "Members disconnected for being slow",
                GroupStats::disconnectedSlow);
    }
}
