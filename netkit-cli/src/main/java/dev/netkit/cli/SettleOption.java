package dev.netkit.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --settle}, for {@code bench idle}: how long the half-way memory sample may wait. */
final class SettleOption {

    @Option(names = "--settle", paramLabel = "TIME", converter = DurationConverter.class,
            description = "idle with --server-pid: after the first half of the connections, wait at most TIME for the"
                    + " server's RSS to change by less than 1% in a second while it uses under a tenth of a CPU,"
                    + " sample it, then open the second half;"
                    + " the growth after that sample gives the marginal memory per connection (default: 30s; 0: at once).")
    Duration settle = Duration.ofSeconds(30);
}
