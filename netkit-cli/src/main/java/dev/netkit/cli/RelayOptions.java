package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.TransportType;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The options of {@code netkit relay}, besides its two addresses. */
final class RelayOptions {

    @Option(names = "--max-connections", paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "With a listening address: peers relayed at once; more wait (default: ${DEFAULT-VALUE}).")
    int maxConnections = Server.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--idle-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "With tcp-listen, unix-listen or tls-listen: close a peer's relay when no data has moved"
                    + " either way for this long (default: 5m; 0 = never; a bare number is seconds).")
    Duration idleTimeout;

    @Option(names = "--grace", paramLabel = "TIME", converter = DurationConverter.class,
            description = "On Ctrl-C, how long relays may finish (default: 3s).")
    Duration grace = Duration.ofSeconds(3);

    @Option(names = "--transport", paramLabel = "NAME", description = "auto, nio or epoll (default: auto).")
    TransportType transport = TransportType.AUTO;

    @Option(names = {"-v", "--verbose"}, description = "Log more: every connection's details and debug lines.")
    boolean verbose;

    Duration idleTimeout() {
        return idleTimeout == null ? Server.DEFAULT_IDLE_TIMEOUT : idleTimeout;
    }
}
