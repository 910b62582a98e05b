package dev.netkit.proxy;

import dev.netkit.ProtocolException;

/**
 * A PROXY protocol header that cannot be accepted: malformed, truncated, of an unknown version,
 * or sent by a peer that is not trusted to send one. The connection should be closed.
 */
public final class ProxyProtocolException extends ProtocolException {

    /**
     * A refused header.
     *
     * @param message what is wrong with it, in one line
     */
    public ProxyProtocolException(String message) {
        super(message);
    }
}
