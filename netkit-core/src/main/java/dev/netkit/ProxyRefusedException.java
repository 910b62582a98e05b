package dev.netkit;

import java.net.ConnectException;

/**
 * A proxy did not open the tunnel to the destination: a SOCKS reply other than success, or an
 * HTTP status other than 2xx. The message names the proxy, the destination and the proxy's answer,
 * for example {@code socks5 proxy 127.0.0.1:1080 refused example.net:80: connection refused (reply 5)}.
 */
public final class ProxyRefusedException extends ConnectException {

    private static final long serialVersionUID = 1L;

    /** The proxy's answer in words. */
    private final String answer;

    /**
     * A refusal.
     *
     * @param proxy the proxy that refused
     * @param destination where the tunnel was to go
     * @param answer the proxy's answer, in words: the meaning of a SOCKS reply code, or an HTTP status line
     */
    public ProxyRefusedException(Proxy proxy, Endpoint.Tcp destination, String answer) {
        super(proxy + " refused " + destination + ": " + answer);
        this.answer = answer;
    }

    /**
     * The proxy's answer.
     *
     * @return the meaning of the SOCKS reply code with the code, or the HTTP status line
     */
    public String answer() {
        return answer;
    }
}
