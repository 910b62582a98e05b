package dev.netkit.cli;

import dev.netkit.bench.Bench;
import dev.netkit.bench.BenchMode;
import dev.netkit.bench.BenchPlan;
import dev.netkit.bench.BenchReport;
import dev.netkit.bench.BenchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code netkit bench MODE [HOST:]PORT}: a load generator for echo-style TCP and Unix-socket
 * services. Progress goes to stderr once a second, the summary to stdout; the exit code is 1 when a
 * connection failed or nothing was measured.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load an echo-style or chat server and measure it: round trips, MB/s, deliveries, latency percentiles.",
        footer = {"", "Modes:",
                "  pingpong  each connection sends SIZE bytes, waits for them all back, repeats",
                "  stream    each connection writes SIZE-byte chunks nonstop, reading the echo",
                "  idle      open the connections, one SIZE-byte echo each, then hold them silent;",
                "            with --server-pid in two halves: the server's memory per connection",
                "            on average and at the margin (what each further connection costs)",
                "  connect   open and close connections (--connect-rate per second, or flat out)",
                "  fanout    chat room members: --senders of them send SIZE-byte lines, a chat",
                "            server relays each to every other member; deliveries per second",
                "            and the latency from send to delivery",
                "  --tls     pingpong, stream, connect, idle over TLS (connect: full handshakes)",
                "  --rate    pingpong or fanout at N messages/s in all, on a schedule that does not",
                "            wait for replies or deliveries; latency from when each message was due",
                "            (as wrk2); fanout says when the schedule was not kept",
                "", "Examples:",
                "  netkit bench pingpong 9000 -c 64 -d 10s",
                "  netkit bench stream localhost:9000 -c 8 --json",
                "  netkit bench idle 9000 -c 20000 --source-addresses 4 --server-pid 1234",
                "  netkit bench connect 9000 -c 4 --tls --ca cert.pem",
                "  netkit bench pingpong 9000 -c 64 --rate 5000 --server-pid 1234",
                "  netkit bench fanout 7000 -c 1000 --senders 10",
                "  netkit bench fanout 7001 -c 300 --senders 30 --rate 10000 --spread 7002,7003"})
final class BenchCommand implements Callable<Integer>, UsageCheck {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODE", description = "pingpong, stream, idle, connect or fanout.")
    BenchMode mode;

    @Parameters(index = "1", arity = "0..1", paramLabel = "[HOST:]PORT",
            description = "The server (HOST defaults to 127.0.0.1).")
    String target;

    @Option(names = "--unix", paramLabel = "PATH", description = "A Unix domain socket instead of TCP.")
    Path unix;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "Connections (default: 1; idle, fanout: 1000; connect: connections opened in parallel).")
    Integer connections;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Message size (default: 64), stream chunk size (default: 64k); idle: 0 sends nothing.")
    Integer size;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.Positive.class,
            description = "How long to measure; idle: how long to hold (default: 10s).")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = {"-w", "--warmup"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Load before measuring, not counted (default: 1s).")
    Duration warmup = Duration.ofSeconds(1);

    @Option(names = {"-t", "--threads"}, paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "Load threads, each driving its share of the connections (default: the CPUs this process may use).")
    Integer threads;

    @Option(names = "--source-addresses", paramLabel = "N",
            description = "Connect from 127.0.0.1 .. 127.0.0.N in turn, for more connections than one address has ports (default: 1).")
    int sourceAddresses = 1;

    @Option(names = "--connect-rate", paramLabel = "N", converter = IntRange.AtLeastZero.class,
            description = "connect: connections per second in all (default: 0, as fast as it goes).")
    int connectRate;

    @Option(names = "--rate", paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "pingpong, fanout: N messages per second in all, on a schedule that does not wait for replies or deliveries (default: as fast as echoes come back; fanout: as the window allows).")
    Integer rate;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server process: idle reports its resident memory before, half-way and after, per connection on average and at the margin; pingpong, stream and connect its CPU per message and per MB (Linux).")
    Long serverPid;

    @Option(names = "--senders", paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "fanout: members that send, each at most 512/N messages ahead of the slowest member (default: 1).")
    int senders = 1;

    @Option(names = "--spread", paramLabel = "[HOST:]PORT", split = ",",
            description = "fanout: more servers of the same room (cluster nodes); members connect to each server in turn.")
    List<String> spread = List.of();

    @Mixin
    ClientTlsOptions tls;

    @Mixin
    SettleOption settle;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    BenchCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void check(GivenOptions given) {
        if (tls.tls && mode == BenchMode.FANOUT) {
            throw given.error("--tls is for pingpong, stream, connect and idle, not fanout");
        }
        given.apart("--tls", "--threads", "each TLS connection has a virtual thread of its own");
        given.apart("--tls", "--source-addresses", "--source-addresses is for plain TCP");
        onlyFor(BenchMode.CONNECT, "--connect-rate", given);
        if (mode != BenchMode.PINGPONG && mode != BenchMode.FANOUT && given.has("--rate")) {
            throw given.error("--rate is for pingpong and fanout, not " + mode.name().toLowerCase(Locale.ROOT));
        }
        given.apart("--tls", "--rate", "--rate is for plain connections");
        if (mode == BenchMode.FANOUT && given.has("--server-pid")) {
            throw given.error("--server-pid is for pingpong, stream, connect and idle, not fanout");
        }
        onlyFor(BenchMode.FANOUT, "--senders", given);
        onlyFor(BenchMode.IDLE, "--settle", given);
        onlyFor(BenchMode.FANOUT, "--spread", given);
        if (size != null && size == 0 && mode != BenchMode.IDLE && mode != BenchMode.CONNECT) {
            throw given.error("--size 0 is for idle and connect, not " + mode.name().toLowerCase(Locale.ROOT));
        }
    }

    private void onlyFor(BenchMode only, String option, GivenOptions given) {
        if (mode != only && given.has(option)) {
            throw given.error(option + " is for " + only.name().toLowerCase(Locale.ROOT) + ", not "
                    + mode.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchPlan plan;
        try {
            BenchPlan.Builder builder = BenchPlan.builder(mode, address()).duration(duration).warmup(warmup)
                    .sources(sources()).connectRate(connectRate).senders(senders).spread(spreadAddresses())
                    .settle(settle.settle);
            if (connections != null) {
                builder.connections(connections);
            }
            if (size != null) {
                builder.size(size);
            }
            if (threads != null) {
                builder.threads(threads);
            }
            if (rate != null) {
                builder.rate(rate);
            }
            if (serverPid != null) {
                builder.serverPid(serverPid);
            }
            if (tls.tls) {
                builder.tls(tls::clientTls);
            }
            plan = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream progress = quiet ? new PrintStream(PrintStream.nullOutputStream()) : terminal.err();
        BenchResult result = Bench.run(plan, progress);
        terminal.out().println(json ? BenchReport.json(result) : BenchReport.text(result));
        terminal.out().flush();
        return result.complete() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private SocketAddress address() throws UnknownHostException {
        if (unix != null) {
            if (target != null) {
                throw new ParameterException(spec.commandLine(), "give either --unix PATH or [HOST:]PORT, not both");
            }
            if (sourceAddresses != 1) {
                throw new ParameterException(spec.commandLine(), "--source-addresses is for TCP only");
            }
            return UnixDomainSocketAddress.of(unix);
        }
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "missing [HOST:]PORT (or --unix PATH)");
        }
        return inet(target);
    }

    private List<SocketAddress> spreadAddresses() throws UnknownHostException {
        List<SocketAddress> all = new ArrayList<>();
        for (String server : spread) {
            all.add(inet(server));
        }
        return all;
    }

    private InetSocketAddress inet(String target) throws UnknownHostException {
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "'" + target + "' is not [HOST:]PORT");
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "PORT must be 1-65535, got " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("unknown host: " + host); // as connect says it
        }
    }

    private List<InetAddress> sources() throws UnknownHostException {
        if (sourceAddresses < 1 || sourceAddresses > 254) {
            throw new ParameterException(spec.commandLine(), "--source-addresses must be 1-254, got " + sourceAddresses);
        }
        List<InetAddress> list = new ArrayList<>();
        if (sourceAddresses > 1) {
            for (int i = 1; i <= sourceAddresses; i++) {
                list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            }
        }
        return list;
    }
}
