package dev.netkit.cli;

import picocli.CommandLine.Option;

/** {@code connect -z}: report whether ports answer, as {@code nc -z}. */
final class PortScanOption implements UsageCheck {

    @Option(names = {"-z", "--scan"}, description = "Only report whether each PORT answers (PORT may then be a list"
            + " or range: 20-25,80), at most " + PortScan.IN_FLIGHT + " at a time: open ports on stdout in nc -zv's words,"
            + " closed ones too with -v (on stderr). Exit 0 when any answered, as nc -z.")
    boolean scan;

    @Override
    public void check(GivenOptions given) {
        given.apart("-z", "--unix", "-z tries TCP ports");
        given.apart("-z", "--udp", "-z tries TCP ports");
        given.apart("-z", "--hex-dump", "-z sends no data");
        given.apart("-z", "--idle-timeout", "-z sends no data");
        given.apart("-z", "--crlf", "-z sends no data");
    }
}
