package dev.netkit.bench;

import dev.netkit.tls.ClientTls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One benchmark run, checked: what to do, against which server, how hard and how long. Made with
 * {@link #builder}, which knows each mode's defaults.
 *
 * @param mode        the workload
 * @param target      a TCP address or a Unix domain socket address
 * @param connections connections kept open (connect mode: connections opened in parallel)
 * @param size        message size (ping-pong, idle, fan-out), chunk size (stream); 0 in idle: no
 *                    echo; unused in connect mode
 * @param duration    the measured time (idle: the hold)
 * @param warmup      load before measuring, not counted; zero in idle mode
 * @param threads     load threads, each driving a share of the connections
 * @param sources     local addresses to connect from, in turn (empty: the system's choice)
 * @param connectRate connect mode: connections per second, 0 for as fast as possible
 * @param rate        ping-pong and fanout: messages per second in all (fanout: over the senders),
 *                    sent on a fixed schedule that does not wait for replies or deliveries, latency
 *                    timed from when each was due; 0 for each connection sending again as soon as
 *                    its echo is back (fanout: each sender as fast as its window allows)
 * @param serverPid   the server process: idle mode reports its memory (before, half-way and
 *                    after); ping-pong, stream and connect the CPU time it used while measuring
 * @param senders     fanout mode: how many of the connections send (the others only receive)
 * @param tls         for a run over TLS, the client settings of each connection, a new
 *                    {@link ClientTls} (so an empty session cache) per call: connect mode takes one
 *                    per handshake, so that no session is ever resumed; empty for plain connections
 * @param spread      fanout mode: more TCP servers of the same room (nodes of a cluster); the
 *                    members connect to {@code target} and these in turn (empty: all to the target)
 * @param settle      idle mode with a server process: after the first half of the connections,
 *                    the longest wait for the server's memory to hold steady before it is sampled
 *                    half-way ({@link BenchResult.Idle.HalfWay}); zero samples at once
 */
public record BenchPlan(BenchMode mode, SocketAddress target, int connections, int size, Duration duration,
                        Duration warmup, int threads, List<InetAddress> sources, int connectRate,
                        int rate, OptionalLong serverPid, int senders, Optional<Supplier<ClientTls>> tls,
                        List<SocketAddress> spread, Duration settle) {

    /**
     * Checks the plan.
     *
     * @throws IllegalArgumentException naming the value at fault
     */
    public BenchPlan {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(target, "target");
        if (!(target instanceof InetSocketAddress || target instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("target must be a TCP or Unix domain socket address, got " + target);
        }
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(settle, "settle");
        sources = List.copyOf(sources);
        Objects.requireNonNull(serverPid, "serverPid");
        Objects.requireNonNull(tls, "tls");
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
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, got " + settle);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (connectRate < 0) {
            throw new IllegalArgumentException("connectRate must not be negative, got " + connectRate);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative, got " + rate);
        }
        if (rate > 0 && (mode != BenchMode.PINGPONG && mode != BenchMode.FANOUT || tls.isPresent())) {
            throw new IllegalArgumentException("rate is for plain pingpong and fanout");
        }
        if (mode == BenchMode.FANOUT) {
            checkFanOut(connections, size, senders);
        }
        if (tls.isPresent() && mode == BenchMode.FANOUT) {
            throw new IllegalArgumentException("TLS is for pingpong, stream, connect and idle, not fanout");
        }
        if (!sources.isEmpty() && (tls.isPresent() || target instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("source addresses are for plain TCP only");
        }
        spread = List.copyOf(spread);
        if (!spread.isEmpty() && (mode != BenchMode.FANOUT || !(target instanceof InetSocketAddress)
                || !spread.stream().allMatch(InetSocketAddress.class::isInstance))) {
            throw new IllegalArgumentException("spreading members over servers is for fanout over TCP only");
        }
    }

    /** The servers connections go to, in turn: the target, then those it is spread over. */
    public List<SocketAddress> targets() {
        List<SocketAddress> all = new java.util.ArrayList<>(1 + spread.size());
        all.add(target);
        all.addAll(spread);
        return all;
    }

    private static void checkFanOut(int connections, int size, int senders) {
        if (connections < 2) {
            throw new IllegalArgumentException("fanout needs at least 2 connections (members), got " + connections);
        }
        if (senders < 1 || senders > connections) {
            throw new IllegalArgumentException("senders must be 1-" + connections + " (the connections), got " + senders);
        }
        if (size < FanOutLine.MIN_SIZE) {
            throw new IllegalArgumentException("fanout messages carry a sequence number and a time stamp: size must be at least "
                    + FanOutLine.MIN_SIZE + ", got " + size);
        }
    }

    /**
     * A plan for {@code mode} against {@code target}, with the defaults given on each of the
     * builder's methods.
     *
     * @param mode   the workload
     * @param target a TCP address ({@link InetSocketAddress}) or a Unix domain socket address
     *               ({@link UnixDomainSocketAddress})
     * @return a builder
     */
    public static Builder builder(BenchMode mode, SocketAddress target) {
        return new Builder(mode, target);
    }

    /** Builds a {@link BenchPlan}; not thread-safe. */
    public static final class Builder {

        private final BenchMode mode;
        private final SocketAddress target;
        private int connections;
        private int size;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ofSeconds(1);
        private int threads = Runtime.getRuntime().availableProcessors();
        private List<InetAddress> sources = List.of();
        private int connectRate;
        private int rate;
        private OptionalLong serverPid = OptionalLong.empty();
        private int senders = 1;
        private Optional<Supplier<ClientTls>> tls = Optional.empty();
        private List<SocketAddress> spread = List.of();
        private Duration settle = Duration.ofSeconds(30);

        private Builder(BenchMode mode, SocketAddress target) {
            this.mode = Objects.requireNonNull(mode, "mode");
            this.target = Objects.requireNonNull(target, "target");
            this.connections = mode == BenchMode.IDLE || mode == BenchMode.FANOUT ? 1000 : 1;
            this.size = switch (mode) {
                case STREAM -> 64 * 1024;
                case CONNECT -> 0;
                default -> 64;
            };
        }

        /**
         * Connections (default: 1; idle and fanout: 1,000; connect: connections opened in parallel).
         *
         * @param connections at least 1 (fanout: 2)
         * @return this builder
         */
        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        /**
         * Message size (default: 64 bytes), stream chunk size (default: 64 KiB); idle: 0 sends
         * nothing; unused in connect mode.
         *
         * @param size in bytes
         * @return this builder
         */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /**
         * How long to measure; idle: how long to hold (default: 10 s).
         *
         * @param duration positive
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * Load before measuring, not counted (default: 1 s); idle mode has none.
         *
         * @param warmup zero or more
         * @return this builder
         */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        /**
         * Load threads, each driving its share of the connections (default: the CPUs this
         * process may use).
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Local addresses to connect from, in turn, for more connections than one address has
         * ephemeral ports (default: none, the system's choice). Plain TCP only.
         *
         * @param sources the addresses
         * @return this builder
         */
        public Builder sources(List<InetAddress> sources) {
            this.sources = sources;
            return this;
        }

        /**
         * Connect mode: connections per second in all (default: 0, as fast as it goes).
         *
         * @param connectRate zero or more
         * @return this builder
         */
        public Builder connectRate(int connectRate) {
            this.connectRate = connectRate;
            return this;
        }

        /**
         * Ping-pong and fanout: messages per second in all, on a fixed schedule that does not wait
         * for replies or deliveries, each message's latency timed from when it was due (default:
         * 0, each connection sends again as soon as its echo is back; fanout: each sender as fast
         * as its window allows). Plain connections only.
         *
         * @param rate zero or more
         * @return this builder
         */
        public Builder rate(int rate) {
            this.rate = rate;
            return this;
        }

        /**
         * The server process (default: none): idle mode reports its resident memory before, half-way
         * and after, and from these the memory each further connection costs; ping-pong, stream and connect the CPU time it used while measuring (Linux).
         *
         * @param pid the process id
         * @return this builder
         */
        public Builder serverPid(long pid) {
            this.serverPid = OptionalLong.of(pid);
            return this;
        }

        /**
         * Fanout mode: members that send (default: 1).
         *
         * @param senders 1 up to the connections
         * @return this builder
         */
        public Builder senders(int senders) {
            this.senders = senders;
            return this;
        }

        /**
         * Fanout mode: spreads the members over the target and {@code servers} in turn, the nodes
         * of one room (none by default).
         *
         * @param servers TCP addresses of the room's other nodes
         * @return this builder
         */
        public Builder spread(List<SocketAddress> servers) {
            this.spread = List.copyOf(servers);
            return this;
        }

        /**
         * Idle mode with a {@linkplain #serverPid server process}: the longest wait, after the
         * first half of the connections is open (and has had its echo), for the server's resident
         * memory to hold steady, that is to change by less than 1% from one sample to the next a
         * second later while the server uses less than a tenth of a CPU, before it is sampled
         * half-way (default: 30 s). Zero samples at once.
         *
         * @param settle zero or more
         * @return this builder
         */
        public Builder settle(Duration settle) {
            this.settle = settle;
            return this;
        }

        /**
         * Runs over TLS (pingpong, stream, connect and idle; not fanout), each connection with client
         * settings from {@code clients}.
         *
         * @param clients a new {@link ClientTls} for each call
         * @return this builder
         */
        public Builder tls(Supplier<ClientTls> clients) {
            this.tls = Optional.of(clients);
            return this;
        }

        /**
         * The plan.
         *
         * @return the checked plan
         * @throws IllegalArgumentException naming the value at fault
         */
        public BenchPlan build() {
            return new BenchPlan(mode, target, connections, size, duration,
                    mode == BenchMode.IDLE ? Duration.ZERO : warmup, threads, sources, connectRate, rate,
                    serverPid, senders, tls, spread, settle);
        }
    }
}
