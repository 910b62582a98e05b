package dev.netkit.cli;

import picocli.CommandLine.Option;

/** {@code --udp}, for the services that have a datagram form. */
final class UdpOption {

    @Option(names = "--udp", description = "Serve over UDP: each datagram answered on its own. On 127.0.0.1 unless"
            + " --host says otherwise: on the network, replies to forged senders make it an amplifier.")
    boolean udp;
}
