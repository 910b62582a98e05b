package dev.netkit.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.util.function.ToDoubleFunction;

/**
 * Registers meters that all read one {@link RecentSnapshot} of {@code owner}'s counters, with the
 * same tags. The registry refers to {@code owner} weakly, but each meter's function holds the
 * snapshot, and the snapshot the owner, until the meters are removed.
 */
final class SnapshotMeters<T> {

    private final MeterRegistry registry;
    private final Object owner;
    private final RecentSnapshot<T> snapshot;
    private final Iterable<Tag> tags;

    SnapshotMeters(MeterRegistry registry, Object owner, RecentSnapshot<T> snapshot, Iterable<Tag> tags) {
        this.registry = registry;
        this.owner = owner;
        this.snapshot = snapshot;
        this.tags = tags;
    }

    void counter(String name, String description, ToDoubleFunction<T> value, String... moreTags) {
        FunctionCounter.builder(name, owner, o -> value.applyAsDouble(snapshot.get()))
                .description(description).tags(tags).tags(moreTags).register(registry);
    }

    void bytes(String name, String description, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, owner, o -> value.applyAsDouble(snapshot.get()))
                .description(description).baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
    }

    void gauge(String name, String description, ToDoubleFunction<T> value) {
        Gauge.builder(name, owner, o -> value.applyAsDouble(snapshot.get()))
                .description(description).tags(tags).register(registry);
    }
}
