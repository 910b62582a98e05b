package dev.netkit.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a server accepted a connection. */
@Name("dev.netkit.ConnectionOpened")
@Label("Connection Opened")
@Category({"netkit", "Connections"})
@Description("A server accepted a connection")
@StackTrace(false)
@Enabled(false) // two per connection: only for a recording that asks for them by name
public final class ConnectionOpenedEvent extends Event {

    /** The server's name. */
    @Label("Server")
    public String server;

    /** The connection's id, as in the connection log. */
    @Label("Connection Id")
    public long connectionId;

    /** The peer's address. */
    @Label("Remote Address")
    public String remoteAddress;

    /** The endpoint the connection came in on. */
    @Label("Endpoint")
    public String endpoint;
}
