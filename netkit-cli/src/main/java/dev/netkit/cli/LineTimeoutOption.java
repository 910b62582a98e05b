package dev.netkit.cli;

import dev.netkit.services.EchoService;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --line-timeout}, for the services that read lines. */
final class LineTimeoutOption implements UsageCheck {

    @Option(names = "--line-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close a connection whose line is not finished this long after it began, as when a client"
                    + " trickles bytes and never a line break (default: 30s; 0 = never).")
    Duration lineTimeout = EchoService.DEFAULT_LINE_TIMEOUT;

    @Override
    public void check(GivenOptions given) {
        given.apart("--line-timeout", "--udp", "a datagram is answered whole");
        given.apart("--line-timeout", "--raw", "raw echo reads no lines");
    }
}
