package dev.netkit.cli;

import dev.netkit.tls.ClientTls;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --tls} and its settings, for the commands that connect: {@code connect} and {@code bench}. */
final class ClientTlsOptions implements UsageCheck {

    @Option(names = "--tls", description = "Speak TLS 1.2/1.3; the server's certificate chain and host name are verified.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "With --tls: trust these CA certificates (PEM) instead of the system's.")
    Path ca;

    @Option(names = "--servername", paramLabel = "NAME", description = "With --tls: the name to send as SNI and to verify (default: HOST).")
    String serverName;

    @Option(names = "--cert", paramLabel = "FILE", description = "With --tls: a client certificate (PEM), for mutual TLS.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "With --tls: the client certificate's private key (PEM).")
    Path key;

    @Option(names = "--alpn", paramLabel = "NAMES", split = ",", description = "With --tls: ask for these ALPN protocols, most preferred first (comma-separated).")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--insecure", description = "With --tls: skip verifying the server's certificate, for a self-signed server in development.")
    boolean insecure;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--tls", "--ca", "--servername", "--cert", "--key", "--alpn", "--insecure");
        AlpnNames.check(alpn, given);
        given.together("--cert", "--key");
        given.apart("--insecure", "--ca", "--insecure verifies no certificate");
        if (serverName != null && serverName.isBlank()) {
            throw given.error("--servername must not be blank");
        }
    }

    /**
     * The client's TLS settings from these options; each call makes a new {@link ClientTls}, with
     * an SSL context and so a session cache of its own.
     *
     * @return the settings to connect with, when {@code --tls} is given
     */
    ClientTls clientTls() {
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
        if (cert != null) {
            builder.clientCertificate(cert, key);
        }
        return builder.applicationProtocols(alpn.toArray(String[]::new)).build();
    }
}
