package dev.netkit.cli;

import dev.netkit.cli.tls.SelfSigned;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code netkit cert}: a self-signed certificate and key, for development. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Write a self-signed certificate and private key (PEM) for development.")
final class CertCommand implements Callable<Integer>, UsageCheck {

    private final Terminal terminal;

    @Option(names = "--host", paramLabel = "NAME", description = "The host name or IP address it is for (default: localhost).")
    String host = "localhost";

    @Option(names = "--days", paramLabel = "N", converter = IntRange.AtLeastOne.class, description = "How long it is valid (default: 365).")
    int days = 365;

    @Option(names = "--cert", paramLabel = "FILE", description = "Where to write the certificate (default: cert.pem).")
    Path cert = Path.of("cert.pem");

    @Option(names = "--key", paramLabel = "FILE", description = "Where to write the private key (default: key.pem), readable by its owner only.")
    Path key = Path.of("key.pem");

    CertCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void check(GivenOptions given) {
        if (host.isBlank()) {
            throw given.error("--host must not be blank");
        }
    }

    @Override
    public Integer call() throws Exception {
        SelfSigned pair = SelfSigned.generate(host, Duration.ofDays(days));
        pair.writePem(cert, key);
        terminal.out().println("wrote " + cert + " and " + key + " for " + host + ", valid " + days + " days");
        terminal.out().println("SHA-256 fingerprint " + pair.sha256Fingerprint());
        return ExitCode.OK;
    }
}
