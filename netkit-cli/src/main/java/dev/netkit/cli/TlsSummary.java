package dev.netkit.cli;

import dev.netkit.cli.tls.Fingerprint;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connect --tls -v}: what the handshake settled, one line each, so a user can compare the
 * fingerprint with the one {@code serve --tls} logs or {@code cert} prints.
 */
final class TlsSummary {

    private TlsSummary() {
    }

    /**
     * The lines: protocol version, cipher suite, the peer certificate's subject and its SHA-256
     * fingerprint.
     *
     * @param session the connection's TLS session
     * @return the lines, without line breaks
     */
    static List<String> lines(SSLSession session) {
        List<String> lines = new ArrayList<>();
        lines.add("TLS version " + session.getProtocol());
        lines.add("Cipher suite " + session.getCipherSuite());
        try {
            Certificate[] chain = session.getPeerCertificates();
            Certificate peer = chain[0];
            lines.add("Peer certificate subject " + (peer instanceof X509Certificate x509
                    ? x509.getSubjectX500Principal().getName() : peer.getType()));
            lines.add("SHA-256 fingerprint " + Fingerprint.sha256(peer));
        } catch (SSLPeerUnverifiedException e) {
            lines.add("Peer certificate none");
        }
        return lines;
    }
}
