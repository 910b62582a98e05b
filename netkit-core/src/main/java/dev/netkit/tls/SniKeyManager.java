package dev.netkit.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's key manager holding one or more certificates, choosing by the name the client asks
 * for (SNI): the first certificate with that exact DNS name in its subjectAltName, else the first
 * with a wildcard name covering it, else the first certificate of all, the default (also for a
 * client that sends no name). When the chosen certificate's key does not suit the key type the
 * handshake asks about, none is offered for that type, so the JDK asks about the next one.
 *
 * <p>Immutable, thread-safe; the JDK calls it during handshakes.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS_PREFIX = "netkit-";

    private record Entry(String alias, KeyMaterial material, ServerNames names) {
        boolean suits(String keyType) {
            String wanted = keyType.split("_", 2)[0];
            String algorithm = material.privateKey().getAlgorithm();
            return wanted.equals(algorithm) || (isEdDsa(wanted) && isEdDsa(algorithm));
        }

        private static boolean isEdDsa(String algorithm) {
            return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
        }
    }

    private final List<Entry> entries;

    SniKeyManager(List<KeyMaterial> materials) {
        this.entries = IntStream.range(0, materials.size())
                .mapToObj(i -> new Entry(ALIAS_PREFIX + i, materials.get(i), ServerNames.of(materials.get(i).certificate())))
                .toList();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, null);
    }

    private String choose(String keyType, SSLSession handshake) {
        if (keyType == null) {
            return null;
        }
        return candidates(requestedName(handshake)).stream()
                .filter(e -> e.suits(keyType))
                .map(Entry::alias)
                .findFirst()
                .orElse(null);
    }

    /** The certificates for {@code name} in order of preference: exact, wildcard, else the default. */
    private List<Entry> candidates(Optional<String> name) {
        if (name.isPresent()) {
            List<Entry> exact = entries.stream().filter(e -> e.names().matchesExactly(name.get())).toList();
            if (!exact.isEmpty()) {
                return exact;
            }
            List<Entry> wildcard = entries.stream().filter(e -> e.names().matchesWildcard(name.get())).toList();
            if (!wildcard.isEmpty()) {
                return wildcard;
            }
        }
        return List.of(entries.getFirst());
    }

    /** The host name a client asked for by SNI in this handshake, if any. */
    static Optional<String> requestedName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        if (names == null) {
            return Optional.empty();
        }
        return names.stream()
                .filter(n -> n.getType() == StandardConstants.SNI_HOST_NAME)
                .map(n -> n instanceof SNIHostName host ? host.getAsciiName() : new SNIHostName(n.getEncoded()).getAsciiName())
                .findFirst();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return entry(alias).map(e -> e.material().chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return entry(alias).map(e -> e.material().privateKey()).orElse(null);
    }

    private Optional<Entry> entry(String alias) {
        return entries.stream().filter(e -> e.alias().equals(alias)).findFirst();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return entries.stream().filter(e -> e.suits(keyType)).map(Entry::alias).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // a server's key manager: it never acts as a client
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
