package dev.netkit.cli;

import dev.netkit.Server;
import picocli.CommandLine.Option;

/** {@code --reuse-port} and {@code --keepalive}: TCP socket options of a {@code serve} command. */
final class SocketTuningOptions implements UsageCheck {

    @Option(names = "--reuse-port", description = "Bind with SO_REUSEPORT, so that a new process can take over the port"
            + " while this one still serves (a rolling restart without refused connections).")
    boolean reusePort;

    @Option(names = "--keepalive", description = "TCP keep-alive on every connection, so that peers gone without a word"
            + " (behind a NAT, powered off) are found.")
    boolean keepAlive;

    @Override
    public void check(GivenOptions given) {
        given.apart("--udp", "--reuse-port", "UDP services bind one socket");
        given.apart("--udp", "--keepalive", "UDP has no connections");
        given.apart("--unix", "--reuse-port", "a Unix socket has a path, not a port");
        given.apart("--unix", "--keepalive", "keep-alive is a TCP option");
    }

    Server.Builder configure(Server.Builder builder) {
        return builder.reusePort(reusePort).keepAlive(keepAlive);
    }
}
