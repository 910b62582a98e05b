package dev.netkit.cli;

import dev.netkit.Server;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --reuse-port} and {@code --keepalive}: TCP socket options of a {@code serve} command. */
final class SocketTuningOptions implements UsageCheck {

    @Option(names = "--reuse-port", description = "Bind with SO_REUSEPORT, so that a new process can take over the port"
            + " while this one still serves (a rolling restart without refused connections).")
    boolean reusePort;

    @Mixin
    KeepAliveOption keepAlive = new KeepAliveOption();

    @Override
    public void check(GivenOptions given) {
        given.apart("--udp", "--reuse-port", "UDP services bind one socket");
        given.apart("--unix", "--reuse-port", "a Unix socket has a path, not a port");
        keepAlive.check(given);
    }

    Server.Builder configure(Server.Builder builder) {
        return builder.reusePort(reusePort).keepAlive(keepAlive.keepAlive);
    }
}
