package dev.netkit.cli;

import picocli.CommandLine.Option;

/** {@code --keepalive}, for the stream servers and for {@code connect}. */
final class KeepAliveOption implements UsageCheck {

    @Option(names = "--keepalive", description = "TCP keep-alive, so that a peer gone without a word"
            + " (behind a NAT, powered off) is found.")
    boolean keepAlive;

    @Override
    public void check(GivenOptions given) {
        given.apart("--udp", "--keepalive", "UDP has no connections");
        given.apart("--unix", "--keepalive", "keep-alive is a TCP option");
    }
}
