package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.tls.ClientAuth;
import dev.netkit.tls.KeyMaterial;
import dev.netkit.tls.ServerTls;
import picocli.CommandLine.Option;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;

/** {@code --tls} and its files, for the stream services. */
final class TlsServeOptions implements UsageCheck {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    @Option(names = "--tls", description = "Serve over TLS 1.2/1.3; without --cert, a self-signed certificate for localhost is made in memory.")
    boolean tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "With --tls: the server's certificate chain (PEM).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "With --tls: the server's private key (PEM: PKCS#8, PKCS#1 or SEC1).")
    Path key;

    @Option(names = "--client-auth", paramLabel = "MODE", description = "With --tls: ask clients for a certificate: none, request or require (default: none).")
    ClientAuth clientAuth = ClientAuth.NONE;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "With --tls: the CAs (PEM) whose client certificates are trusted.")
    Path clientCa;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--tls", "--cert", "--key", "--client-auth", "--client-ca");
        given.together("--cert", "--key");
        if (clientAuth == ClientAuth.NONE && clientCa != null) {
            throw given.error("--client-ca needs --client-auth request or require");
        }
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw given.error("--client-auth " + clientAuth.name().toLowerCase(Locale.ROOT) + " needs --client-ca");
        }
    }

    /** Adds TLS to {@code builder} when asked for. */
    Server.Builder configure(Server.Builder builder) {
        if (!tls) {
            return builder;
        }
        ServerTls.Builder tlsBuilder;
        if (cert != null) {
            tlsBuilder = ServerTls.builder(KeyMaterial.fromPem(cert, key));
        } else {
            SelfSigned generated = SelfSigned.forLocalhost();
            LOG.log(Level.INFO, "TLS with a self-signed certificate for localhost, SHA-256 fingerprint "
                    + generated.sha256Fingerprint() + " (clients need --insecure or to check it)");
            tlsBuilder = ServerTls.builder(generated.keyMaterial());
        }
        if (clientAuth != ClientAuth.NONE) {
            tlsBuilder.clientAuth(clientAuth, clientCa);
        }
        return builder.tls(tlsBuilder.build());
    }
}
