package dev.netkit.cli.bench;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One benchmark run, checked: what to do, against which server, how hard and how long.
 *
 * @param mode            the workload
 * @param target          a TCP address or a Unix domain socket address
 * @param connections     connections kept open (connect mode: connections opened in parallel)
 * @param size            message size (ping-pong, idle), chunk size (stream); 0 in idle: no echo
 * @param duration        the measured time (idle: the hold)
 * @param warmup          load before measuring, not counted
 * @param threads         load threads, each driving a share of the connections
 * @param sources         local addresses to connect from, in turn (empty: the system's choice)
 * @param connectRate     connect mode: connections per second, 0 for as fast as possible
 * @param serverPid       idle mode: the server process whose memory to report
 * @param senders         fanout mode: how many of the connections send (the others only receive)
 */
public record BenchPlan(BenchMode mode, SocketAddress target, int connections, int size, Duration duration,
                        Duration warmup, int threads, List<InetAddress> sources, int connectRate,
                        OptionalLong serverPid, int senders) {

    public BenchPlan {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        sources = List.copyOf(sources);
        Objects.requireNonNull(serverPid, "serverPid");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        if (size < (mode == BenchMode.IDLE || mode == BenchMode.CONNECT ? 0 : 1)) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, got " + warmup);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (connectRate < 0) {
            throw new IllegalArgumentException("connectRate must not be negative, got " + connectRate);
        }
        if (mode == BenchMode.FANOUT) {
            FanOutLoad.check(connections, size, senders);
        }
    }
}
