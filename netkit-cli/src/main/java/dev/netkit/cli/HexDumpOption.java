package dev.netkit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code connect -x FILE}: a hex dump of both directions, as ncat's {@code --hex-dump}. */
final class HexDumpOption implements UsageCheck {

    @Option(names = {"-x", "--hex-dump"}, paramLabel = "FILE",
            description = "Write every chunk sent and received to FILE as a hex dump, in ncat --hex-dump's format.")
    Path file;

    @Override
    public void check(GivenOptions given) {
        given.apart("--hex-dump", "--udp", "--hex-dump records TCP and Unix socket streams");
    }

    /**
     * The dump to write to.
     *
     * @return a new dump, or none without {@code -x}
     * @throws java.io.IOException when the file cannot be created
     */
    HexDump open() throws java.io.IOException {
        return file == null ? null : HexDump.create(file);
    }
}
