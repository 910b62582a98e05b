package dev.netkit.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a TLS handshake on a server's connection failed. */
@Name("dev.netkit.TlsHandshakeFailed")
@Label("TLS Handshake Failed")
@Category({"netkit", "TLS"})
@Description("A TLS handshake on a server's connection failed")
@StackTrace(false)
public final class TlsHandshakeFailedEvent extends Event {

    /** The server's name. */
    @Label("Server")
    public String server;

    /** The connection's id, as in the connection log. */
    @Label("Connection Id")
    public long connectionId;

    /** The peer's address. */
    @Label("Remote Address")
    public String remoteAddress;

    /** The reason, a {@code TlsErrors.Reason} name. */
    @Label("Reason")
    public String reason;

    /** The failure in one line. */
    @Label("Message")
    public String message;
}
