package dev.netkit.cli;

import picocli.CommandLine.Option;

/** {@code --udp}, for the services that have a datagram form, and the stream options it rules out. */
final class UdpOption implements UsageCheck {

    @Option(names = "--udp", description = "Serve over UDP: each datagram answered on its own. On 127.0.0.1 unless"
            + " --host says otherwise: on the network, replies to forged senders make it an amplifier.")
    boolean udp;

    @Override
    public void check(GivenOptions given) {
        given.apart("--udp", "--unix", "UDP runs over IP");
        given.apart("--udp", "--tls", "DTLS is not supported");
        given.apart("--udp", "--max-connections", "UDP has no connections");
        given.apart("--udp", "--idle-timeout", "UDP has no connections");
        given.apart("--udp", "--transport", "UDP always runs on NIO");
    }
}
