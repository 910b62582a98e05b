package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.ProtocolException;
import dev.netkit.Proxy;
import dev.netkit.ProxyRefusedException;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of an HTTP proxy's {@code CONNECT} (RFC 9110, section 9.3.6): one request, and a
 * response whose status must be 2xx; the tunnel starts right after the response's empty line. The
 * response is read one byte at a time so that nothing of the tunnel is read with it, and its head
 * is bounded.
 */
final class HttpConnectHandshake {

    /** The longest response head accepted, status line and headers together. */
    static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private HttpConnectHandshake() {
    }

    static void run(StreamChannel channel, Proxy proxy, Endpoint.Tcp destination) throws IOException {
        String host = ProxyTunnel.host(destination);
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + destination.port();
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (!proxy.user().isEmpty()) {
            String credentials = proxy.user() + ":" + proxy.password();
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        channel.write(bytes, 0, bytes.length);
        String statusLine = readHead(channel, proxy);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new ProtocolException(proxy + " did not answer in HTTP: " + statusLine);
        }
        if (parts[1].charAt(0) != '2') {
            throw new ProxyRefusedException(proxy, destination, statusLine);
        }
    }

    /** Reads the response head through its empty line; returns the status line. */
    private static String readHead(StreamChannel channel, Proxy proxy) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        int statusLineEnd = -1;
        while (true) {
            if (channel.read(one, 0, 1) < 0) {
                throw new EOFException(proxy + " closed the connection before answering CONNECT");
            }
            head.write(one[0]);
            if (one[0] == '\n') {
                byte[] sofar = head.toByteArray();
                if (statusLineEnd < 0) {
                    statusLineEnd = sofar.length;
                }
                if (endsWithEmptyLine(sofar)) {
                    return new String(sofar, 0, statusLineEnd, StandardCharsets.ISO_8859_1).strip();
                }
            }
            if (head.size() > MAX_RESPONSE_HEAD) {
                throw new ProtocolException(proxy + " sent a response head over " + MAX_RESPONSE_HEAD + " bytes");
            }
        }
    }

    private static boolean endsWithEmptyLine(byte[] head) {
        int n = head.length;
        return n >= 2 && head[n - 2] == '\n'
                || n >= 3 && head[n - 3] == '\n' && head[n - 2] == '\r';
    }
}
