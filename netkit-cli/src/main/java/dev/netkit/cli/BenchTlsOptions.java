package dev.netkit.cli;

import dev.netkit.bench.BenchMode;
import dev.netkit.tls.ClientTls;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code netkit bench --tls} and the options of {@code netkit connect --tls} that a load generator needs. */
final class BenchTlsOptions {

    @Option(names = "--tls", description = "Speak TLS (pingpong, stream, connect); the server's certificate and host name are verified.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "With --tls: trust these CA certificates (PEM) instead of the system's.")
    Path ca;

    @Option(names = "--servername", paramLabel = "NAME", description = "With --tls: the name to send as SNI and to verify (default: HOST).")
    String serverName;

    @Option(names = "--insecure", description = "With --tls: skip verifying the server's certificate, for a self-signed server.")
    boolean insecure;

    /**
     * The client settings to connect with, each call a new {@link ClientTls} with its own SSL
     * context and so an empty session cache; empty without {@code --tls}.
     *
     * @throws IllegalArgumentException when the options do not fit together or with the mode
     */
    Optional<Supplier<ClientTls>> clients(BenchMode mode, boolean threadsGiven, int sourceAddresses) {
        if (!tls) {
            if (ca != null || serverName != null || insecure) {
                throw new IllegalArgumentException("--ca, --servername and --insecure need --tls");
            }
            return Optional.empty();
        }
        if (mode == BenchMode.IDLE || mode == BenchMode.FANOUT) {
            throw new IllegalArgumentException("--tls is for pingpong, stream and connect, not "
                    + mode.name().toLowerCase(Locale.ROOT));
        }
        if (insecure && ca != null) {
            throw new IllegalArgumentException("--insecure and --ca contradict each other");
        }
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException("--servername must not be blank");
        }
        if (threadsGiven) {
            throw new IllegalArgumentException("--threads does not apply to --tls: each connection has its own virtual thread");
        }
        if (sourceAddresses != 1) {
            throw new IllegalArgumentException("--source-addresses is for plain TCP only, not --tls");
        }
        return Optional.of(this::build);
    }

    private ClientTls build() {
        ClientTls.Builder builder = ClientTls.builder();
        if (ca != null) {
            builder.trust(ca);
        }
        if (insecure) {
            builder.insecure();
        }
        if (serverName != null) {
            builder.serverName(serverName);
        }
        return builder.build();
    }
}
