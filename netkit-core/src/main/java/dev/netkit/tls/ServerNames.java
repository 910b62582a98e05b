package dev.netkit.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The DNS names a server certificate is for (its subjectAltName entries of type DNS), and how a
 * name a client asks for by SNI matches them: exactly, or by a wildcard in the leftmost label
 * ({@code *.example.net} matches {@code a.example.net}, not {@code example.net} nor
 * {@code a.b.example.net}), as RFC 6125 has clients check them. Case does not matter.
 */
final class ServerNames {

    private static final int DNS_NAME = 2;

    private final List<String> names;

    private ServerNames(List<String> names) {
        this.names = names;
    }

    /** The DNS names in the certificate's subjectAltName; none when it has no such entry. */
    static ServerNames of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer type && type == DNS_NAME
                            && entry.get(1) instanceof String name) {
                        names.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate whose SAN cannot be read serves no name; it can still be the default
        }
        return new ServerNames(List.copyOf(names));
    }

    List<String> names() {
        return names;
    }

    /** Whether one of the names is exactly {@code requested}. */
    boolean matchesExactly(String requested) {
        return names.contains(requested.toLowerCase(Locale.ROOT));
    }

    /** Whether a wildcard name ({@code *.rest}) covers {@code requested}. */
    boolean matchesWildcard(String requested) {
        String name = requested.toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String parent = name.substring(dot);
        return names.stream().anyMatch(n -> n.startsWith("*.") && n.substring(1).equals(parent));
    }
}
