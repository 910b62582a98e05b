package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.tls.ClientAuth;
import dev.netkit.tls.ServerTls;
import dev.netkit.tls.TlsReloader;
import picocli.CommandLine.Option;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code --tls} and its files, for the stream services. */
final class TlsServeOptions implements UsageCheck {

    private static final System.Logger LOG = System.getLogger("dev.netkit.cli");

    @Option(names = "--tls", description = "Serve over TLS 1.2/1.3; without --cert, a self-signed certificate for localhost is made in memory.")
    boolean tls;

    @Option(names = "--cert", paramLabel = "FILE", description = "With --tls: the server's certificate chain (PEM). Repeat with --key for a certificate per server name (SNI); the first is the default.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--key", paramLabel = "FILE", description = "With --tls: the private key (PEM: PKCS#8, PKCS#1 or SEC1) of the --cert in the same place.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--cert-dir", paramLabel = "DIR", description = "With --tls: also serve each NAME.crt in DIR with its NAME.key, chosen by SNI.")
    Path certDir;

    @Option(names = "--tls-reload", description = "With --tls: watch the certificate and key files and serve new ones to new connections, without a restart.")
    boolean reload;

    @Option(names = "--alpn", paramLabel = "NAMES", split = ",", description = "With --tls: the ALPN protocol names to offer, most preferred first (comma-separated).")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--client-auth", paramLabel = "MODE", description = "With --tls: ask clients for a certificate: none, request or require (default: none).")
    ClientAuth clientAuth = ClientAuth.NONE;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "With --tls: the CAs (PEM) whose client certificates are trusted.")
    Path clientCa;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--tls", "--cert", "--key", "--cert-dir", "--tls-reload", "--alpn", "--client-auth", "--client-ca");
        given.together("--cert", "--key");
        if (certs.size() != keys.size()) {
            throw given.error("each --cert needs its --key (" + certs.size() + " --cert, " + keys.size() + " --key)");
        }
        if (reload && certs.isEmpty() && certDir == null) {
            throw given.error("--tls-reload needs --cert or --cert-dir (a generated certificate has no file to watch)");
        }
        if (clientAuth == ClientAuth.NONE && clientCa != null) {
            throw given.error("--client-ca needs --client-auth request or require");
        }
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw given.error("--client-auth " + clientAuth.name().toLowerCase(Locale.ROOT) + " needs --client-ca");
        }
        AlpnNames.check(alpn, given);
    }

    /** Adds TLS to {@code builder} when asked for. */
    Server.Builder configure(Server.Builder builder) {
        if (!tls) {
            return builder;
        }
        return builder.tls(certs.isEmpty() && certDir == null ? selfSigned() : load());
    }

    /** With {@code --tls-reload}: watches the files for as long as {@code server} runs. */
    void watch(Server server) {
        if (!tls || !reload) {
            return;
        }
        List<Path> watched = new ArrayList<>(certs);
        watched.addAll(keys);
        if (certDir != null) {
            watched.add(certDir);
        }
        TlsReloader reloader = TlsReloader.watch(watched, this::load, server::updateTls);
        Thread.ofVirtual().name("netkit-tls-reload-stop").start(() -> {
            try {
                server.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reloader.close();
            }
        });
    }

    private ServerTls selfSigned() {
        SelfSigned generated = SelfSigned.forLocalhost();
        LOG.log(Level.INFO, "TLS with a self-signed certificate for localhost, SHA-256 fingerprint "
                + generated.sha256Fingerprint() + " (clients need --insecure or to check it)");
        return settings(ServerTls.builder(generated.keyMaterial()));
    }

    /** The settings from the files, read now. */
    private ServerTls load() {
        return settings(CertificateFiles.read(certs, keys, certDir));
    }

    private ServerTls settings(ServerTls.Builder builder) {
        if (clientAuth != ClientAuth.NONE) {
            builder.clientAuth(clientAuth, clientCa);
        }
        return builder.applicationProtocols(alpn.toArray(String[]::new)).build();
    }
}
