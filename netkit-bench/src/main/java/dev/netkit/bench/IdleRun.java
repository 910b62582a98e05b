package dev.netkit.bench;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The steps of an idle run, plain or over TLS. Without a server process to watch, or with fewer
 * than 2 connections: open them all, echo once on each, hold them, as one crowd. With one: open
 * the first half and echo once on each, wait for the server's resident memory to hold steady and
 * sample it half-way, then open and echo the second half and hold them all; the growth after the
 * half-way sample over the second half's connections is the marginal memory per connection
 * ({@link BenchResult.Idle#marginalKibPerConnection()}), free of what the first half already
 * made the server spend once.
 *
 * <p>Steady means changed by less than 1% from one sample to the next a second later, with the
 * server using less than a tenth of a CPU in that second (a chat server is still announcing
 * the first half's arrivals to each other long after they connected); the wait is at most the
 * plan's {@linkplain BenchPlan#settle() settle} time, and the connections are held (their input
 * read and dropped) while it lasts.
 *
 * <p>Threading: runs on the caller's thread, once.
 */
final class IdleRun {

    /** The connections of an idle run, opened and held by the plain or the TLS load. */
    interface Crowd {

        /**
         * Opens up to {@code count} more connections.
         *
         * @return why opening stopped early, or empty
         * @throws IOException when a connection opened cannot be set up to be held
         */
        String open(int count) throws IOException, InterruptedException;

        /** Sends one message on each connection opened since the last call and waits for the echoes. */
        void echo() throws IOException, InterruptedException;

        /** Holds the connections for {@code nanos}, reading and dropping what the server sends. */
        void hold(long nanos) throws IOException, InterruptedException;

        /** Connections opened so far. */
        int opened();

        /** Connections whose echo came back whole so far. */
        int answered();

        /** Connections still open. */
        int openNow();
    }

    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Server CPU time in one sample below which the server counts as quiet: a tenth of a CPU. */
    private static final long QUIET_CPU_NANOS = SAMPLE_NANOS / 10;

    private final BenchPlan plan;
    private final Progress progress;

    IdleRun(BenchPlan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    BenchResult.Idle run(Crowd crowd) throws IOException, InterruptedException {
        long rssBefore = serverRss();
        boolean halves = plan.serverPid().isPresent() && plan.connections() >= 2;
        int first = halves ? plan.connections() / 2 : plan.connections();
        long start = System.nanoTime();
        String failure = crowd.open(first);
        long opening = System.nanoTime() - start;
        echo(crowd);
        Optional<BenchResult.Idle.HalfWay> halfWay = Optional.empty();
        if (first < plan.connections() && failure.isEmpty()) {
            halfWay = settle(crowd);
            start = System.nanoTime();
            failure = crowd.open(plan.connections() - first);
            opening += System.nanoTime() - start;
            echo(crowd);
        }
        crowd.hold(plan.duration().toNanos());
        return new BenchResult.Idle(plan, crowd.opened(), crowd.answered(), crowd.openNow(), opening / 1e9,
                rssBefore, serverRss(), failure, halfWay);
    }

    private void echo(Crowd crowd) throws IOException, InterruptedException {
        if (plan.size() > 0) {
            crowd.echo();
        }
    }

    /**
     * Holds the first half until the server's memory is steady or the settle time is up, and
     * samples it; empty when the server's memory cannot be read.
     */
    private Optional<BenchResult.Idle.HalfWay> settle(Crowd crowd) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long bound = plan.settle().toNanos();
        long rss = serverRss();
        long cpu = serverCpu();
        boolean steady = false;
        while (rss >= 0 && !steady && System.nanoTime() - start + SAMPLE_NANOS <= bound) {
            crowd.hold(SAMPLE_NANOS);
            long next = serverRss();
            long nextCpu = serverCpu();
            boolean quiet = cpu < 0 || nextCpu < 0 || nextCpu - cpu < QUIET_CPU_NANOS;
            steady = next >= 0 && Math.abs(next - rss) * 100 < rss && quiet;
            rss = next;
            cpu = nextCpu;
            long sample = rss;
            progress.maybe(() -> "half-way: " + crowd.opened() + " connections, server RSS " + sample + " KiB");
        }
        if (rss < 0) {
            return Optional.empty();
        }
        return Optional.of(new BenchResult.Idle.HalfWay(crowd.opened(), rss, (System.nanoTime() - start) / 1e9, steady));
    }

    /** The server's CPU time so far in nanoseconds, or -1 when not asked for or not known. */
    private long serverCpu() {
        return plan.serverPid().isPresent() ? ProcessCpu.nanos(plan.serverPid().getAsLong()) : -1;
    }

    /** The server's resident memory in KiB, or -1 when not asked for or not known. */
    private long serverRss() {
        return plan.serverPid().isPresent() ? ProcessMemory.residentKib(plan.serverPid().getAsLong()) : -1;
    }
}
