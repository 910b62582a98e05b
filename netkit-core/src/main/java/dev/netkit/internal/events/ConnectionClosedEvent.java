package dev.netkit.internal.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a server's connection closed. */
@Name("dev.netkit.ConnectionClosed")
@Label("Connection Closed")
@Category({"netkit", "Connections"})
@Description("A server's connection closed: how long it lasted, what it moved and why it ended")
@StackTrace(false)
@Enabled(false) // two per connection: only for a recording that asks for them by name
public final class ConnectionClosedEvent extends Event {

    /** The server's name. */
    @Label("Server")
    public String server;

    /** The connection's id, as in the connection log. */
    @Label("Connection Id")
    public long connectionId;

    /** The peer's address. */
    @Label("Remote Address")
    public String remoteAddress;

    /** Bytes read from the peer. */
    @Label("Bytes In")
    @DataAmount
    public long bytesIn;

    /** Bytes written to the peer. */
    @Label("Bytes Out")
    @DataAmount
    public long bytesOut;

    /** How long the connection was open, in nanoseconds. */
    @Label("Open For")
    @Timespan(Timespan.NANOSECONDS)
    public long openFor;

    /** Why it closed when the server closed it (idle timeout, server stopped...); empty otherwise. */
    @Label("Reason")
    public String reason;
}
