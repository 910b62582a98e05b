package dev.netkit;

import java.io.IOException;

/** The peer sent something the protocol does not allow. The connection should not be trusted further. */
public class ProtocolException extends IOException {

    public ProtocolException(String message) {
        super(message);
    }
}
