package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.tls.ClientAuth;
import dev.netkit.tls.ServerTls;
import picocli.CommandLine.Option;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

/** {@code --tls} and its files, for the stream services. */
final class TlsServeOptions {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    @Option(names = "--tls", description = "Serve over TLS 1.2/1.3; without --cert, a self-signed certificate for localhost is made in memory.")
    boolean tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "The server's certificate chain (PEM).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "The server's private key (PEM: PKCS#8, PKCS#1 or SEC1).")
    Path key;

    @Option(names = "--client-auth", paramLabel = "MODE", description = "Ask clients for a certificate: none, request or require (default: none).")
    ClientAuth clientAuth = ClientAuth.NONE;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "The CAs (PEM) whose client certificates are trusted.")
    Path clientCa;

    /** Adds TLS to {@code builder} when asked for; fails with one clear line when the options do not fit. */
    Server.Builder configure(Server.Builder builder) {
        if (!tls) {
            if (cert != null || key != null || clientCa != null || clientAuth != ClientAuth.NONE) {
                throw new IllegalArgumentException("--cert, --key, --client-auth and --client-ca need --tls");
            }
            return builder;
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key go together");
        }
        if ((clientAuth == ClientAuth.NONE) != (clientCa == null)) {
            throw new IllegalArgumentException("--client-auth request|require and --client-ca FILE go together");
        }
        ServerTls.Builder tlsBuilder;
        if (cert != null) {
            tlsBuilder = ServerTls.builder(dev.netkit.tls.KeyMaterial.fromPem(cert, key));
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
